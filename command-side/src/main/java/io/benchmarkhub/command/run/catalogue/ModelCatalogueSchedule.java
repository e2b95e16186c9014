package io.benchmarkhub.command.run.catalogue;

import java.time.Duration;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Refreshes the model catalogue at start and then every {@code benchmarkhub.runs.catalogue-refresh} (default 6 h). */
@Configuration(proxyBeanMethods = false)
class ModelCatalogueSchedule {

    @Bean
    JobDetail modelCatalogueJob() {
        return JobBuilder.newJob(ModelCatalogueJob.class)
                .withIdentity("model-catalogue")
                .storeDurably()
                .build();
    }

    @Bean
    Trigger modelCatalogueTrigger(
            JobDetail modelCatalogueJob, @Value("${benchmarkhub.runs.catalogue-refresh:6h}") Duration every) {
        return TriggerBuilder.newTrigger()
                .forJob(modelCatalogueJob)
                .withIdentity("model-catalogue")
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(every.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}

package io.benchmarkhub.api.releases;

import java.time.Duration;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Looks for due run schedules every {@code benchmarkhub.schedules.tick} (default 10 s). The tick's own misfire policy is
 * "next with remaining count": ticks missed during downtime are not replayed, since one tick fires everything due; what
 * a schedule does about its own missed fire times is its {@code misfirePolicy}.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleTickSchedule {

    @Bean
    JobDetail scheduleTickJob() {
        return JobBuilder.newJob(ScheduleTickJob.class)
                .withIdentity("schedule-tick")
                .storeDurably()
                .build();
    }

    @Bean
    Trigger scheduleTickTrigger(
            JobDetail scheduleTickJob, @Value("${benchmarkhub.schedules.tick:10s}") Duration every) {
        return TriggerBuilder.newTrigger()
                .forJob(scheduleTickJob)
                .withIdentity("schedule-tick")
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(every.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}

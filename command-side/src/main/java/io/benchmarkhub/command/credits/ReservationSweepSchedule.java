package io.benchmarkhub.command.credits;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Sweeps pending reservations every {@code benchmarkhub.credits.sweep.interval} (1 min), on one node at a time (clustered Quartz). */
@Configuration(proxyBeanMethods = false)
class ReservationSweepSchedule {

    @DisallowConcurrentExecution
    public static class Job extends QuartzJobBean {

        private final ReservationSweeper sweeper;

        public Job(ReservationSweeper sweeper) {
            this.sweeper = sweeper;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            sweeper.sweep();
        }
    }

    @Bean
    JobDetail reservationSweepJob() {
        return JobBuilder.newJob(Job.class)
                .withIdentity("credit-reservation-sweep")
                .storeDurably()
                .build();
    }

    @Bean
    Trigger reservationSweepTrigger(JobDetail reservationSweepJob, CreditsProperties properties) {
        return TriggerBuilder.newTrigger()
                .forJob(reservationSweepJob)
                .withIdentity("credit-reservation-sweep")
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(
                                properties.sweep().interval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}

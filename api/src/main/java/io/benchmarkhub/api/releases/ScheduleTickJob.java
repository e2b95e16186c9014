package io.benchmarkhub.api.releases;

import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Fires the due run schedules and starts the runs new models call for (watchers), and takes over the claims of either
 * whose node's lease ran out; clustered Quartz runs it on one node at a time, and a claim is recorded once in any case.
 */
@DisallowConcurrentExecution
public class ScheduleTickJob extends QuartzJobBean {

    private final Schedules schedules;
    private final Watchers watchers;

    public ScheduleTickJob(Schedules schedules, Watchers watchers) {
        this.schedules = schedules;
        this.watchers = watchers;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        schedules.fireDue(Instant.now());
        watchers.react();
    }
}

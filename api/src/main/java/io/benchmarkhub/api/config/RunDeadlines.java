package io.benchmarkhub.api.config;

import org.axonframework.deadline.DeadlineException;
import org.axonframework.deadline.quartz.DeadlineJob;
import org.axonframework.deadline.quartz.QuartzDeadlineManager;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Axon's Quartz deadline manager, whose cancel-by-scope tolerates a deadline that disappears while it looks. Axon's
 * lists the deadline jobs and then reads each one, and a job another node (or this one) fired or cancelled in
 * between reads as null: the cancel threw a NullPointerException, failing the command that ended a run whenever
 * several runs ended or timed out at once. A job that is gone is not in the scope any more, so it is passed over.
 */
class RunDeadlines extends QuartzDeadlineManager {

    private final Scheduler scheduler;
    private final Serializer serializer;

    RunDeadlines(Builder builder, Scheduler scheduler, Serializer serializer) {
        super(builder.scheduler(scheduler).serializer(serializer));
        this.scheduler = scheduler;
        this.serializer = serializer;
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        // serialized and read back, as the jobs' scopes are, so that equals compares like with like
        ScopeDescriptor given = serializer.deserialize(serializer.serialize(scope, String.class));
        try {
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(deadlineName))) {
                JobDetail job = scheduler.getJobDetail(key);
                if (job == null) continue; // fired or cancelled since it was listed
                if (given.equals(DeadlineJob.DeadlineJobDataBinder.deadlineScope(serializer, job.getJobDataMap()))) {
                    scheduler.deleteJob(key);
                }
            }
        } catch (SchedulerException e) {
            throw new DeadlineException("An error occurred while cancelling the deadlines of a scope", e);
        }
    }
}

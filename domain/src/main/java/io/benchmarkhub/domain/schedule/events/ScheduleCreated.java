package io.benchmarkhub.domain.schedule.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/** A benchmark owner scheduled runs: a cron expression in a time zone, the run's models, repeats and billing. */
@Revision("1")
public record ScheduleCreated(
        String scheduleId,
        String benchmarkId,
        String ownerId,
        String cron,
        String timeZone,
        List<String> models,
        int repeats,
        String billing,
        Long monthlyCreditCap,
        String misfirePolicy)
        implements ScheduleEvent {}

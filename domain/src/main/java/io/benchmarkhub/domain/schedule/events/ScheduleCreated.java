package io.benchmarkhub.domain.schedule.events;

import org.axonframework.serialization.Revision;

import java.util.List;

/** A benchmark owner scheduled runs: a cron expression in a time zone, the run's models, repeats and billing. */
@Revision("1")
public record ScheduleCreated(String scheduleId, String benchmarkId, String ownerId, String cron, String timeZone, List<String> models,
                              int repeats, String billing, Long monthlyCreditCap, String misfirePolicy) implements ScheduleEvent {
}

package io.benchmarkhub.domain.schedule.events;

/**
 * What happened to a run schedule (issue 16). Schedules are rows ({@code run_schedule}); these events are their record
 * for the audit stream, stored under the schedule id (aggregate type {@code Schedule}) in the transaction that changes
 * the row, after locking it.
 */
public sealed interface ScheduleEvent
        permits ScheduleCreated, SchedulePaused, ScheduleResumed, ScheduleDeleted, ScheduleFired, ScheduleFireSkipped {

    String AGGREGATE_TYPE = "Schedule";

    String scheduleId();
}

package io.benchmarkhub.domain.schedule.events;

import org.axonframework.serialization.Revision;

/** The schedule is gone; runs it made stay. */
@Revision("1")
public record ScheduleDeleted(String scheduleId, String deletedBy) implements ScheduleEvent {}

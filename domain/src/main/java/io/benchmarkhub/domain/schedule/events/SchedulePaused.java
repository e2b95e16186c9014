package io.benchmarkhub.domain.schedule.events;

import org.axonframework.serialization.Revision;

/** The schedule stops firing until it is resumed. */
@Revision("1")
public record SchedulePaused(String scheduleId, String pausedBy) implements ScheduleEvent {}

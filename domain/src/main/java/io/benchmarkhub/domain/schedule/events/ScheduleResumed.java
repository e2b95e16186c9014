package io.benchmarkhub.domain.schedule.events;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The schedule fires again from {@code nextFireAt}; the fires it missed while paused are not made up. */
@Revision("1")
public record ScheduleResumed(String scheduleId, String resumedBy, Instant nextFireAt) implements ScheduleEvent {}

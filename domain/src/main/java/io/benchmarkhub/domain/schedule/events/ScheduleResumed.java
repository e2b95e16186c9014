package io.benchmarkhub.domain.schedule.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The schedule fires again from {@code nextFireAt}; the fires it missed while paused are not made up. */
@Revision("1")
public record ScheduleResumed(String scheduleId, String resumedBy, Instant nextFireAt) implements ScheduleEvent {
}

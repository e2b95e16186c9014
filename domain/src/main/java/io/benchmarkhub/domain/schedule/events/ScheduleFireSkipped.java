package io.benchmarkhub.domain.schedule.events;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The schedule was due at {@code fireTime} but made no run. {@code reason}: {@code MISFIRE} (missed while the app was
 * down, policy {@code SKIP}), {@code BUDGET_REACHED} (the monthly credit cap is used up) or {@code REFUSED} (the run
 * was refused; {@code detail} says why, e.g. the credits do not cover it).
 */
@Revision("1")
public record ScheduleFireSkipped(String scheduleId, Instant fireTime, String reason, String detail)
        implements ScheduleEvent {}

package io.benchmarkhub.domain.schedule.events;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The schedule fired for {@code fireTime} and made the run {@code runId}. {@code late} is true when the fire was missed
 * (the app was down) and made up once by the misfire policy {@code FIRE_ONCE}.
 */
@Revision("1")
public record ScheduleFired(String scheduleId, Instant fireTime, String runId, boolean late, Long reservedCredits)
        implements ScheduleEvent {}

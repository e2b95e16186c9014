package io.benchmarkhub.api.run;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchmarkhub.run-events.*}: the run progress stream ({@code GET /api/runs/{id}/events}); see application.yml.
 *
 * @param pollInterval how often a stream reads the run's progress from the read model
 * @param heartbeat    the longest silence before a comment line keeps proxies from closing the stream
 * @param maxDuration  a stream ends after this long even if the run has not (clients reconnect)
 */
@Validated
@ConfigurationProperties("benchmarkhub.run-events")
record RunEventsProperties(
        @NotNull @DefaultValue("500ms") Duration pollInterval,
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @NotNull @DefaultValue("30m") Duration maxDuration) {

    public RunEventsProperties {
        for (Duration d : new Duration[] {pollInterval, heartbeat, maxDuration}) {
            if (d != null && (d.isZero() || d.isNegative()))
                throw new IllegalArgumentException("benchmarkhub.run-events durations must be positive, got " + d);
        }
    }
}

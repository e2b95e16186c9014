package io.benchmarkhub.command.run.store;

import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunResumed;
import io.benchmarkhub.domain.run.events.RunSuspended;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which runs have ended, read from the event store itself (the lifecycle events of the Run
 * aggregate), not from a read model. Backed by the partial index {@code domain_event_entry_run_lifecycle};
 * the payload types are written into the SQL so that PostgreSQL can use it.
 */
public class RunLifecycle {

    private static final String ENDED_TYPES = Stream.of(
                    RunCompleted.class, RunFailed.class, RunCancelled.class, RunTimedOut.class)
            .map(c -> "'" + c.getName() + "'")
            .collect(Collectors.joining(", "));

    private final JdbcTemplate jdbc;

    public RunLifecycle(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs requested and not ended that no live lease holds, oldest first. A suspended run is left out until it is
     * resumed: it waits for its requester's key, which no node has (the partial index {@code domain_event_entry_run_suspension}).
     */
    public List<String> unfinishedAndUnheld() {
        return jdbc.queryForList(
                """
                SELECT r.aggregate_identifier FROM domain_event_entry r
                WHERE r.payload_type = '%s'
                  AND NOT EXISTS (SELECT 1 FROM domain_event_entry t
                                  WHERE t.aggregate_identifier = r.aggregate_identifier AND t.payload_type IN (%s))
                  AND NOT EXISTS (SELECT 1 FROM run_lease l WHERE l.run_id = r.aggregate_identifier AND l.expires_at > now())
                  AND NOT EXISTS (SELECT 1 FROM domain_event_entry s
                                  WHERE s.aggregate_identifier = r.aggregate_identifier AND s.payload_type = '%s'
                                    AND NOT EXISTS (SELECT 1 FROM domain_event_entry u
                                                    WHERE u.aggregate_identifier = s.aggregate_identifier AND u.payload_type = '%s'
                                                      AND u.sequence_number > s.sequence_number))
                ORDER BY r.global_index""".formatted(
                                RunRequested.class.getName(),
                                ENDED_TYPES,
                                RunSuspended.class.getName(),
                                RunResumed.class.getName()),
                String.class);
    }

    /** Those of {@code runIds} that have ended. */
    public List<String> ended(List<String> runIds) {
        if (runIds.isEmpty()) return List.of();
        return jdbc.queryForList(
                "SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE aggregate_identifier = ANY (?) AND payload_type IN ("
                        + ENDED_TYPES + ")",
                String.class,
                (Object) runIds.toArray(String[]::new));
    }
}

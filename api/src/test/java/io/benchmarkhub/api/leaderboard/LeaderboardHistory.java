package io.benchmarkhub.api.leaderboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection;
import io.benchmarkhub.testsupport.CompletedRuns;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import io.benchmarkhub.testsupport.StoredHistory;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Completed runs ({@link CompletedRuns}) appended to the real event store through {@link StoredHistory}, which holds
 * each run's lease first, so no executor of the application resumes the hand-made run.
 */
public final class LeaderboardHistory {

    private final StoredHistory stored;
    private final JdbcTemplate jdbc;

    public LeaderboardHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.stored = new StoredHistory(eventStore, jdbc);
        this.jdbc = jdbc;
    }

    /** A completed run in the canonical configuration. */
    public RunId completedRun(
            String requestedBy, String benchmarkId, long version, String contentHash, int cases, List<Result> results) {
        return completedRun(requestedBy, benchmarkId, version, contentHash, cases, results, List.of());
    }

    /** A completed run whose caller set {@code overrides}; see {@link CompletedRuns#events}. */
    public RunId completedRun(
            String requestedBy,
            String benchmarkId,
            long version,
            String contentHash,
            int cases,
            List<Result> results,
            List<String> overrides) {
        var id = RunId.generate();
        stored.publish(
                null,
                CompletedRuns.events(id, requestedBy, benchmarkId, version, contentHash, cases, results, overrides)
                        .toArray());
        return id;
    }

    /**
     * Whether the leaderboards projection, as {@code GET /api/admin/projections} listed it, has applied every event
     * stored so far for the run: live, every segment claimed here (one that let go of its claim would drop out of the
     * minimum position), and past the run's last event. For runs that change no board, so that there is nothing to see.
     */
    public boolean applied(String runId, JsonNode projections) {
        Long last = jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, runId);
        Integer tokens = jdbc.queryForObject(
                "SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class, LeaderboardProjection.NAME);
        for (JsonNode p : projections) {
            if (p.get("name").asText().equals(LeaderboardProjection.NAME)) {
                return p.get("state").asText().equals("LIVE")
                        && p.get("segments").asInt() == tokens
                        && p.get("position").asLong() >= last;
            }
        }
        return false;
    }
}

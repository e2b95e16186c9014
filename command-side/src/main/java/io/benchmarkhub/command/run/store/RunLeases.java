package io.benchmarkhub.command.run.store;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which node executes which run, in table {@code run_lease}. A node claims a run that nobody holds
 * or whose holder stopped renewing; it renews while it works and releases when it stops. The lease
 * only saves duplicate calls: even two nodes executing one run record each trial once, because the
 * Run aggregate refuses a second result for a trial.
 */
public class RunLeases {

    private final JdbcTemplate jdbc;
    private final String nodeId;
    private final Duration timeout;

    public RunLeases(JdbcTemplate jdbc, String nodeId, Duration timeout) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
        this.timeout = timeout;
    }

    public String nodeId() {
        return nodeId;
    }

    /** True when this node now holds the run: it was free, expired, or already ours. */
    public boolean claim(String runId) {
        return !jdbc.queryForList("""
                INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, ?, now() + make_interval(secs => ?))
                ON CONFLICT (run_id) DO UPDATE SET node_id = excluded.node_id, expires_at = excluded.expires_at
                WHERE run_lease.node_id = excluded.node_id OR run_lease.expires_at < now()
                RETURNING run_id""", String.class, runId, nodeId, (double) timeout.toMillis() / 1000)
                .isEmpty();
    }

    /** Extends this node's leases on {@code runIds}; answers the ids it still holds. */
    public List<String> renew(List<String> runIds) {
        if (runIds.isEmpty()) return List.of();
        return jdbc.queryForList(
                """
                UPDATE run_lease SET expires_at = now() + make_interval(secs => ?)
                WHERE node_id = ? AND run_id = ANY (?) RETURNING run_id""", String.class, (double) timeout.toMillis() / 1000, nodeId, runIds.toArray(String[]::new));
    }

    public void release(String runId) {
        jdbc.update("DELETE FROM run_lease WHERE run_id = ? AND node_id = ?", runId, nodeId);
    }
}

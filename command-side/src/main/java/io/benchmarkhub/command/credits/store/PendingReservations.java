package io.benchmarkhub.command.credits.store;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.run.RunId;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Table {@code pending_reservation}: a CREDITS run's reservation from the moment it is asked for until the run is
 * recorded. The launcher removes the row in the transaction that records the run; the sweeper removes it in the
 * transaction that releases the reservation. Whichever takes the row's lock first wins, so a reservation is either
 * kept by its run or released, never both, on any number of nodes.
 */
public class PendingReservations {

    /** A reservation whose run has not been recorded. */
    public record Pending(AccountId account, RunId runId) {}

    private final JdbcTemplate jdbc;

    public PendingReservations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Before the reservation is asked for, so that a crash right after it leaves a row for the sweeper. */
    public void open(AccountId account, RunId runId) {
        jdbc.update(
                "INSERT INTO pending_reservation (run_id, account_id, reserved_at) VALUES (?, ?, now())",
                runId.value(),
                account.value());
    }

    /**
     * Removes the row; inside a transaction, holds it until the transaction ends. Answers false when there was none:
     * a sweeper released the reservation (or is releasing it, and this waited for it).
     */
    public boolean close(RunId runId) {
        return jdbc.update("DELETE FROM pending_reservation WHERE run_id = ?", runId.value()) == 1;
    }

    /**
     * Locks up to {@code limit} rows older than {@code gracePeriod}, oldest first, skipping rows another transaction holds
     * (a launcher recording its run, another node sweeping). Must run in a transaction.
     */
    public List<Pending> lockExpired(Duration gracePeriod, int limit) {
        return jdbc.query(
                """
                SELECT run_id, account_id FROM pending_reservation WHERE reserved_at < now() - make_interval(secs => ?)
                ORDER BY reserved_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                (rs, n) -> new Pending(new AccountId(rs.getString("account_id")), new RunId(rs.getString("run_id"))),
                (double) gracePeriod.toMillis() / 1000,
                limit);
    }

    /** True when the run has events: it was recorded, and its own end charges and releases its reservation. */
    public boolean recorded(RunId runId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = ?)",
                Boolean.class,
                runId.value()));
    }
}

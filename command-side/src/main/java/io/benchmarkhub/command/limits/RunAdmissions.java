package io.benchmarkhub.command.limits;

import io.benchmarkhub.command.run.RunsProperties;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.limits.LimitExceeded;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-user limits on runs that are counts of persisted things: runs not yet ended ({@code concurrent-runs}) and
 * trials requested in the last 24 hours ({@code trials-per-day}). Each admission is checked and written in one
 * transaction holding a PostgreSQL advisory lock on the user, so two instances admitting runs of one user at once take
 * turns and the counts hold on any number of instances (table {@code run_admission}, V19). A run ends, for this count,
 * when its final event is in the event store; an admission whose run was never recorded stops counting after the run
 * timeout. It reads only the event store and its own table, never a read model.
 */
@Component
public class RunAdmissions {

    static final Duration DAY = Duration.ofDays(1);

    private static final String FINAL_EVENTS =
            "'io.benchmarkhub.domain.run.events.RunCompleted', 'io.benchmarkhub.domain.run.events.RunFailed', "
                    + "'io.benchmarkhub.domain.run.events.RunCancelled', 'io.benchmarkhub.domain.run.events.RunTimedOut'";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LimitsProperties limits;
    private final RunsProperties runs;

    public RunAdmissions(
            JdbcTemplate jdbc, TransactionTemplate transaction, LimitsProperties limits, RunsProperties runs) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.limits = limits;
        this.runs = runs;
    }

    /**
     * Admits the run (429 {@link LimitExceeded} when a limit is reached), then runs {@code record}; when that fails the
     * admission is taken back, so a refused or failed request never counts.
     */
    public void admitThen(String userId, RunId runId, long trials, Runnable record) {
        if (trials > limits.trialsPerDay()) {
            throw new RunException.Invalid(List.of(new Violation(
                    "models",
                    "cases × models × repeats = " + trials + " trials; one user may request at most "
                            + limits.trialsPerDay() + " in 24 hours")));
        }
        transaction.executeWithoutResult(status -> admit(userId, runId, trials));
        try {
            record.run();
        } catch (RuntimeException e) {
            jdbc.update("DELETE FROM run_admission WHERE run_id = ?", runId.value());
            throw e;
        }
    }

    private void admit(String userId, RunId runId, long trials) {
        jdbc.queryForObject(
                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class, "run-admission:" + userId);
        Instant now = jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant();
        jdbc.update(
                "DELETE FROM run_admission WHERE user_id = ? AND admitted_at < ?",
                userId,
                Timestamp.from(now.minus(DAY.multipliedBy(2))));

        Duration countedFor = runs.timeout().plus(runs.leaseTimeout()).plusMinutes(1);
        Integer running = jdbc.queryForObject(
                """
                SELECT count(*) FROM run_admission a
                WHERE a.user_id = ? AND a.admitted_at > ?
                  AND NOT EXISTS (SELECT 1 FROM domain_event_entry e
                                  WHERE e.aggregate_identifier = a.run_id AND e.payload_type IN (%s))""".formatted(FINAL_EVENTS), Integer.class, userId, Timestamp.from(now.minus(countedFor)));
        if (running != null && running >= limits.concurrentRuns()) {
            throw new LimitExceeded(
                    "concurrent-runs",
                    limits.concurrentRuns(),
                    limits.concurrentRunsRetry(),
                    "you have " + running + " runs that have not ended; at most " + limits.concurrentRuns()
                            + " may run at once. Wait for one to end or cancel one");
        }

        // oldest first: the moment enough of them leave the 24-hour window is when this run would fit
        List<Object[]> window = jdbc.query(
                "SELECT admitted_at, trials FROM run_admission WHERE user_id = ? AND admitted_at > ? ORDER BY admitted_at",
                (rs, i) -> new Object[] {rs.getTimestamp(1).toInstant(), rs.getLong(2)},
                userId,
                Timestamp.from(now.minus(DAY)));
        long used = window.stream().mapToLong(r -> (Long) r[1]).sum();
        if (used + trials > limits.trialsPerDay()) {
            long over = used + trials - limits.trialsPerDay();
            Instant fits = now.plus(DAY);
            for (Object[] admission : window) {
                over -= (Long) admission[1];
                if (over <= 0) {
                    fits = ((Instant) admission[0]).plus(DAY);
                    break;
                }
            }
            throw new LimitExceeded(
                    "trials-per-day",
                    limits.trialsPerDay(),
                    Duration.between(now, fits),
                    "you requested " + used
                            + " trials in the last 24 hours; this run's " + trials + " would pass the limit of "
                            + limits.trialsPerDay()
                            + " per 24 hours");
        }
        jdbc.update(
                "INSERT INTO run_admission (run_id, user_id, trials, admitted_at) VALUES (?, ?, ?, ?)",
                runId.value(),
                userId,
                trials,
                Timestamp.from(now));
    }
}

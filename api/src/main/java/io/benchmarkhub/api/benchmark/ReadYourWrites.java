package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.config.BenchmarkHubProperties;
import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.support.ReadModelUpdated;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lets a write answer only once its change can be read back: after a command succeeds, the
 * controller waits until the benchmark detail read model has applied every event stored for the
 * benchmark so far (its last aggregate sequence number; a version may span several events, so
 * the version alone would answer after the first of them). Projections
 * on this node signal at once and are remembered, so the usual write needs no query at all; a
 * change applied by another node is seen by re-reading the row every 50 ms. After
 * {@code benchmarkhub.read-your-writes-timeout} the write answers anyway; it happened, the read
 * model is only late.
 */
@Component
public class ReadYourWrites {

    private static final long RECHECK_MILLIS = 50;
    private static final int REMEMBERED = 10_000;

    private final Map<String, CountDownLatch> signals = new ConcurrentHashMap<>();
    /** The latest sequence number this node's projection applied, for recently changed benchmarks. */
    private final Map<String, Long> appliedHere = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    });

    private final JdbcTemplate jdbc;
    private final Duration timeout;

    public ReadYourWrites(JdbcTemplate jdbc, BenchmarkHubProperties properties) {
        this.jdbc = jdbc;
        this.timeout = properties.readYourWritesTimeout();
    }

    /** True once the read model holds every event stored for the benchmark so far; false after the timeout. */
    public boolean awaitStored(String benchmarkId) {
        return await(benchmarkId, lastStored(benchmarkId));
    }

    /**
     * The aggregate's last stored sequence number, or -1: what {@code EventStore.lastSequenceNumberFor} answers (from
     * the same head row, ADR 0040), read without opening a transaction for it, two statements fewer per write.
     */
    private long lastStored(String aggregateId) {
        return jdbc.query(
                "SELECT next_sequence - 1 FROM event_stream_head WHERE aggregate_identifier = ?",
                rs -> rs.next() ? rs.getLong(1) : -1L,
                aggregateId);
    }

    /**
     * True once the runs read model shows the run, in {@code status} when one is given; false after the timeout.
     * Runs are written to often while they execute, so this polls the row instead of keeping signals per run.
     */
    public boolean awaitRun(String runId, String status) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(jdbc.query(
                "SELECT status FROM run WHERE id = ?",
                rs -> rs.next() && (status == null || status.equals(rs.getString(1))),
                runId))) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * The run's status once the runs read model no longer shows it as {@code status} (e.g. SUSPENDED after a resume),
     * or {@code status} after the timeout.
     */
    public String awaitRunLeaves(String runId, String status) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String now =
                    jdbc.query("SELECT status FROM run WHERE id = ?", rs -> rs.next() ? rs.getString(1) : null, runId);
            if (now != null && !now.equals(status)) return now;
            if (System.nanoTime() > deadline) return status;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        }
    }

    /**
     * True once the runs read model holds a tag of {@code nameKey} on the run covering {@code caseIdsJson} with
     * {@code note} (when one was given); false after the timeout.
     */
    public boolean awaitFailureModeTag(String runId, String nameKey, String caseIdsJson, String note) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(
                jdbc.query("""
                SELECT 1 FROM failure_mode_tag WHERE run_id = ? AND name_key = ? AND case_ids @> CAST(? AS jsonb)
                   AND (CAST(? AS text) IS NULL OR note = CAST(? AS text))""", (java.sql.ResultSet rs) -> rs.next(), runId, nameKey, caseIdsJson, note, note))) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * True once the credit ledger holds every event stored for the account so far; false after the timeout. A purchase
     * answers the payment provider only then, so the refund or dispute it may send later finds the payment.
     */
    public boolean awaitCredits(String accountId) {
        long sequence = lastStored(accountId);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jdbc.query(
                        "SELECT last_seq FROM credit_account WHERE account_id = ?",
                        rs -> rs.next() ? rs.getLong(1) : -1L,
                        accountId)
                < sequence) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean await(String benchmarkId, long sequence) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // a benchmark this node's projection applied lately will be signalled here; any other is looked up
        boolean askDatabase = !appliedHere.containsKey(benchmarkId);
        while (true) {
            CountDownLatch signal = signals.computeIfAbsent(benchmarkId, id -> new CountDownLatch(1));
            if (appliedHere.getOrDefault(benchmarkId, -1L) >= sequence) return true;
            if (askDatabase && appliedSequence(benchmarkId) >= sequence) return true;
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            try {
                // signalled: look at what this node applied; timed out: the change may have been applied elsewhere
                askDatabase = !signal.await(
                        Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK_MILLIS), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @EventListener
    void on(ReadModelUpdated update) {
        if (!BenchmarkDetailProjection.NAME.equals(update.readModel())) return;
        appliedHere.merge(update.benchmarkId(), update.sequence(), Math::max);
        CountDownLatch signal = signals.remove(update.benchmarkId());
        if (signal != null) signal.countDown();
    }

    private long appliedSequence(String benchmarkId) {
        return jdbc.query(
                "SELECT last_seq FROM benchmark WHERE id = ?", rs -> rs.next() ? rs.getLong(1) : -1L, benchmarkId);
    }
}

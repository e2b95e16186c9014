package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.config.BenchmarkHubProperties;
import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.support.ReadModelUpdated;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a write answer only once its change can be read back: after a command succeeds, the
 * controller waits until the benchmark detail read model has applied that version. Projections
 * on this node signal at once; a change applied by another node is seen by re-reading the row
 * every 50 ms. After {@code benchmarkhub.read-your-writes-timeout} the write answers anyway; it
 * happened, the read model is only late.
 */
@Component
public class ReadYourWrites {

    private static final long RECHECK_MILLIS = 50;

    private final Map<String, CountDownLatch> signals = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final Duration timeout;

    public ReadYourWrites(JdbcTemplate jdbc, BenchmarkHubProperties properties) {
        this.jdbc = jdbc;
        this.timeout = properties.readYourWritesTimeout();
    }

    /** True once the read model holds {@code version} (or later) of the benchmark; false after the timeout. */
    public boolean await(String benchmarkId, long version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CountDownLatch signal = signals.computeIfAbsent(benchmarkId, id -> new CountDownLatch(1));
            if (appliedVersion(benchmarkId) >= version) return true;
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            try {
                signal.await(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, RECHECK_MILLIS), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @EventListener
    void on(ReadModelUpdated update) {
        if (!BenchmarkDetailProjection.NAME.equals(update.readModel())) return;
        CountDownLatch signal = signals.remove(update.benchmarkId());
        if (signal != null) signal.countDown();
    }

    private long appliedVersion(String benchmarkId) {
        return jdbc.query("SELECT version FROM benchmark WHERE id = ?", rs -> rs.next() ? rs.getLong(1) : -1L, benchmarkId);
    }
}

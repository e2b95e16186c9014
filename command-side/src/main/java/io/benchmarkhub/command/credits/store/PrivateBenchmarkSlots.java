package io.benchmarkhub.command.credits.store;

import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The private benchmarks of each space (a personal space or a workspace), counted on the command side for the Free
 * plan's limit (docs/plans.md, ADR 0046). Table {@code private_benchmark_slot} holds one row per private benchmark,
 * taken before the command that makes it private is sent and given back when it becomes public or the command fails.
 *
 * <p>Two creations cannot both pass the limit, on one node or two: {@link #take} locks the space's row, counts its slots
 * and inserts the new one in one transaction, so the second waits for the first and then counts it.
 */
@Component
public class PrivateBenchmarkSlots {

    /**
     * A slot whose benchmark has no event this long after it was taken was never created (its node died between the
     * slot and the command): it no longer counts, and the next take of its space removes it.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    /** What {@link #take} did: whether the slot is held, whether this call inserted it, and how many the space holds. */
    public record Taken(boolean taken, boolean fresh, long held) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public PrivateBenchmarkSlots(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** The space of a personal space ({@code workspaceId} null) or of a workspace. */
    public static String space(String userId, String workspaceId) {
        return workspaceId == null ? "user:" + userId : "workspace:" + workspaceId;
    }

    /**
     * Takes a slot for {@code benchmarkId} in {@code space}, in its own transaction, unless the space already holds
     * {@code max} others ({@code max} negative: no limit, the slot is only recorded). A benchmark that already holds a
     * slot in the space keeps it (not fresh).
     */
    public Taken take(String space, String benchmarkId, long max) {
        return transaction.execute(status -> {
            jdbc.update("INSERT INTO private_benchmark_space (space) VALUES (?) ON CONFLICT DO NOTHING", space);
            jdbc.queryForList(
                    "SELECT space FROM private_benchmark_space WHERE space = ? FOR UPDATE", String.class, space);
            jdbc.update("""
                    DELETE FROM private_benchmark_slot s
                     WHERE s.space = ? AND s.taken_at < now() - make_interval(secs => ?)
                       AND NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = s.benchmark_id)""", space, (double) ABANDONED_AFTER.toSeconds());
            Long mine = jdbc.queryForObject(
                    "SELECT count(*) FROM private_benchmark_slot WHERE benchmark_id = ? AND space = ?",
                    Long.class,
                    benchmarkId,
                    space);
            Long others = jdbc.queryForObject(
                    "SELECT count(*) FROM private_benchmark_slot WHERE space = ? AND benchmark_id <> ?",
                    Long.class,
                    space,
                    benchmarkId);
            long held = others == null ? 0 : others;
            if (mine != null && mine > 0) return new Taken(true, false, held + 1);
            if (max >= 0 && held >= max) return new Taken(false, false, held);
            // a benchmark moving to this space gives up its slot elsewhere
            jdbc.update("""
                    INSERT INTO private_benchmark_slot (benchmark_id, space) VALUES (?, ?)
                    ON CONFLICT (benchmark_id) DO UPDATE SET space = excluded.space, taken_at = now()""", benchmarkId, space);
            return new Taken(true, true, held + 1);
        });
    }

    /** Gives the benchmark's slot back: it became public, or the command that was to make it private failed. */
    public void release(String benchmarkId) {
        jdbc.update("DELETE FROM private_benchmark_slot WHERE benchmark_id = ?", benchmarkId);
    }

    /** How many private benchmarks the space holds. */
    public long held(String space) {
        Long held =
                jdbc.queryForObject("SELECT count(*) FROM private_benchmark_slot WHERE space = ?", Long.class, space);
        return held == null ? 0 : held;
    }
}

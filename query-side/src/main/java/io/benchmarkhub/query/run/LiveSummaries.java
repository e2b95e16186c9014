package io.benchmarkhub.query.run;

import io.benchmarkhub.domain.run.ModelSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The statistics of unfinished runs, kept per run on this node so that their cost stays a bounded share of a core
 * however many people watch a run. A run's summaries are a seeded bootstrap over all its settled trials: about a second
 * of CPU at 50,000 trials, while its page asks again every 2 s. A kept answer is given again while it is younger than
 * {@value #COST_FACTOR} times what computing it took (at most {@link #MAX_AGE_NANOS}): a run of a few hundred trials
 * (milliseconds) is recomputed on nearly every read, a run of 50,000 about every 10 s, so computing takes at most a
 * tenth of a core per running run. The answer's counts ({@code n}, {@code trials} per model) say how many trials it
 * covers; the run's progress is always read fresh.
 *
 * <p>While one caller recomputes a run, the others asking for it wait for that result instead of computing it too.
 * At most {@code capacity} runs are kept (least recently used go first). Per node: each instance bounds its own cost.
 */
final class LiveSummaries {

    /** The statistics a run's view shows while it is not completed. */
    record Live(List<ModelSummary> summaries, Double judgeAgreement) {}

    private record Kept(Live value, long computedAt, long costNanos) {}

    static final int COST_FACTOR = 10;
    static final long MAX_AGE_NANOS = 30_000_000_000L;

    private final Map<String, Kept> entries;
    private final Object[] locks = new Object[16];
    private final LongSupplier nanoTime;

    LiveSummaries(int capacity, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > capacity;
            }
        };
        for (int i = 0; i < locks.length; i++) locks[i] = new Object();
    }

    /** The kept statistics of {@code runId} while still fresh, else {@code compute}'s (kept from then on). */
    Live get(String runId, Supplier<Live> compute) {
        Live kept = fresh(runId);
        if (kept != null) return kept;
        synchronized (locks[Math.floorMod(runId.hashCode(), locks.length)]) {
            kept = fresh(runId);
            if (kept != null) return kept;
            long start = nanoTime.getAsLong();
            Live value = compute.get();
            long end = nanoTime.getAsLong();
            synchronized (entries) {
                entries.put(runId, new Kept(value, end, end - start));
            }
            return value;
        }
    }

    private Live fresh(String runId) {
        Kept entry;
        synchronized (entries) {
            entry = entries.get(runId);
        }
        if (entry == null) return null;
        long age = nanoTime.getAsLong() - entry.computedAt();
        return age < Math.min(MAX_AGE_NANOS, COST_FACTOR * entry.costNanos()) ? entry.value() : null;
    }
}

package io.benchmarkhub.bench;

import java.util.Arrays;
import java.util.Collection;

/** Request latencies in nanoseconds, one growable array per client (no locking on the hot path). */
final class Latencies {

    private long[] values = new long[4096];
    private int size;

    void add(long nanos) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = nanos;
    }

    int count() {
        return size;
    }

    /** {@code atLeast5s}: answers that took 5 s or more, the app's default read-your-writes timeout (the read model was late). */
    record Summary(
            long count, double p50Millis, double p95Millis, double p99Millis, double maxMillis, long atLeast5s) {}

    static Summary summarize(Collection<Latencies> parts) {
        int total = parts.stream().mapToInt(l -> l.size).sum();
        long[] all = new long[total];
        int at = 0;
        for (Latencies l : parts) {
            System.arraycopy(l.values, 0, all, at, l.size);
            at += l.size;
        }
        Arrays.sort(all);
        long slow = Arrays.stream(all).filter(n -> n >= 5_000_000_000L).count();
        return new Summary(
                total,
                percentile(all, 0.50),
                percentile(all, 0.95),
                percentile(all, 0.99),
                total == 0 ? Double.NaN : all[total - 1] / 1e6,
                slow);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}

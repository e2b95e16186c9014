package io.benchmarkhub.domain.statistics;

import java.util.Arrays;

/**
 * Latency percentiles p50/p95/p99 by linear interpolation between order statistics, Hyndman &amp; Fan
 * (1996) definition 7 ({@code h = (n-1)q}, the default of R, NumPy and Excel's PERCENTILE.INC).
 * An empty sample gives {@code count = 0} and NaN percentiles; NaN or infinite latencies are rejected.
 */
public record Percentiles(int count, double p50, double p95, double p99) {

    /** How a quantile is read off the sorted sample. */
    public enum Method {
        /** Hyndman &amp; Fan type 7: {@code x[h] + (h - floor h)(x[h+1] - x[h])} with {@code h = (n-1)q}, 0-based. */
        LINEAR,
        /** The smallest value with at least {@code q·n} values at or below it: {@code x[ceil(q·n)]}, 1-based. */
        NEAREST_RANK
    }

    /** Relative slack so that e.g. {@code 0.07 * 100 = 7.000000000000001} still means rank 7. */
    private static final double RANK_TOLERANCE = 1e-9;

    public static Percentiles of(double[] latencies) {
        Samples.requireFinite(latencies, "latencies");
        var sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length,
                sortedQuantile(sorted, 0.50, Method.LINEAR),
                sortedQuantile(sorted, 0.95, Method.LINEAR),
                sortedQuantile(sorted, 0.99, Method.LINEAR));
    }

    public static Percentiles of(long[] latenciesMillis) {
        if (latenciesMillis == null) {
            throw new IllegalArgumentException("latencies must not be null");
        }
        return of(Arrays.stream(latenciesMillis).asDoubleStream().toArray());
    }

    /** The q-quantile ({@code 0 <= q <= 1}) of an unsorted sample; NaN when it is empty. The input is not modified. */
    public static double quantile(double[] values, double q, Method method) {
        Samples.requireFinite(values, "values");
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sortedQuantile(sorted, q, method);
    }

    /** As {@link #quantile} for an already ascending sample, without copying it. */
    static double sortedQuantile(double[] sorted, double q, Method method) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " is outside [0, 1]");
        }
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return switch (method) {
            case LINEAR -> {
                double h = snap((n - 1) * q);
                int below = (int) Math.floor(h);
                if (below >= n - 1) {
                    yield sorted[n - 1];
                }
                yield sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
            }
            case NEAREST_RANK -> {
                int rank = (int) Math.ceil(snap(q * n));
                yield sorted[Math.max(rank, 1) - 1];
            }
        };
    }

    private static double snap(double position) {
        double nearest = Math.rint(position);
        return Math.abs(position - nearest) <= RANK_TOLERANCE * Math.max(1, nearest) ? nearest : position;
    }
}

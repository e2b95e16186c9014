package io.benchmarkhub.domain.statistics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded percentile bootstrap (Efron &amp; Tibshirani 1993, ch. 13): draw B resamples of size n with
 * replacement, and take the {@code (1-level)/2} and {@code (1+level)/2} quantiles (linear, type 7) of
 * the B statistics. A fixed seed gives an identical interval ({@link SplittableRandom}, SplitMix64).
 * <p>An empty sample gives {@link Interval#EMPTY} (all NaN); one value x gives {@code [x, x]};
 * NaN or infinite values are rejected.
 */
public final class BootstrapCi {

    public static final int DEFAULT_RESAMPLES = 2_000;
    public static final double DEFAULT_LEVEL = 0.95;

    private BootstrapCi() {}

    /** 95% interval of the mean with {@value #DEFAULT_RESAMPLES} resamples. */
    public static Interval ofMean(double[] sample, long seed) {
        return ofMean(sample, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    /**
     * The same interval as {@code of(sample, Samples::mean, …)}, draw for draw, without filling a resample: each
     * replicate sums the drawn values in the order they are drawn, as {@link Samples#mean} sums the resample. It is the
     * statistic of every score interval, so it is the one worth the special case (half the memory traffic per draw).
     */
    public static Interval ofMean(double[] sample, int resamples, double level, long seed) {
        validate(sample, resamples, level);
        int n = sample.length;
        if (n == 0) {
            return Interval.EMPTY;
        }
        var random = new SplittableRandom(seed);
        var replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += sample[random.nextInt(n)];
            }
            replicates[b] = sum / n;
        }
        return interval(Samples.mean(sample), replicates, level);
    }

    /**
     * Interval of any statistic. The statistic gets a scratch array that is refilled for every resample:
     * it may sort it, but must not keep it, and must return a finite number for a non-empty sample.
     */
    public static Interval of(
            double[] sample, ToDoubleFunction<double[]> statistic, int resamples, double level, long seed) {
        if (statistic == null) {
            throw new IllegalArgumentException("statistic must not be null");
        }
        validate(sample, resamples, level);
        int n = sample.length;
        if (n == 0) {
            return Interval.EMPTY;
        }
        double estimate = statistic.applyAsDouble(sample.clone());
        var random = new SplittableRandom(seed);
        var resample = new double[n];
        var replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                resample[i] = sample[random.nextInt(n)];
            }
            replicates[b] = statistic.applyAsDouble(resample);
            if (!Double.isFinite(replicates[b])) {
                throw new IllegalArgumentException("statistic returned " + replicates[b] + " for a resample");
            }
        }
        return interval(estimate, replicates, level);
    }

    private static void validate(double[] sample, int resamples, double level) {
        Samples.requireFinite(sample, "sample");
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
    }

    /** The estimate with the replicates' (1-level)/2 and (1+level)/2 quantiles; sorts the replicates. */
    private static Interval interval(double estimate, double[] replicates, double level) {
        Arrays.sort(replicates);
        double alpha = 1 - level;
        return new Interval(
                estimate,
                Percentiles.sortedQuantile(replicates, alpha / 2, Percentiles.Method.LINEAR),
                Percentiles.sortedQuantile(replicates, 1 - alpha / 2, Percentiles.Method.LINEAR));
    }

    /** Paired bootstrap, 95%, of {@code mean(candidate - baseline)} where index i is the same case in both. */
    public static Interval ofMeanDifference(double[] baseline, double[] candidate, long seed) {
        return ofMeanDifference(baseline, candidate, DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    /**
     * Resamples cases (pairs), keeping each case's two scores together; for the mean difference that is
     * the same as bootstrapping the per-case differences, which is what this does.
     */
    public static Interval ofMeanDifference(
            double[] baseline, double[] candidate, int resamples, double level, long seed) {
        Samples.requireFinite(baseline, "baseline");
        Samples.requireFinite(candidate, "candidate");
        Samples.requireSameLength(baseline, candidate, "baseline", "candidate");
        return ofMean(Samples.differences(baseline, candidate), resamples, level, seed);
    }

    /**
     * 95% interval of the weighted mean {@code Σ wᵢxᵢ / Σ wᵢ}: each resample draws n (value, weight) pairs with
     * replacement, with the same draws as {@link #ofMean}, so equal weights give exactly its interval.
     */
    public static Interval ofWeightedMean(double[] sample, double[] weights, long seed) {
        Samples.requireFinite(sample, "sample");
        Samples.requireFinite(weights, "weights");
        Samples.requireSameLength(sample, weights, "sample", "weights");
        for (double w : weights) {
            if (!(w > 0)) throw new IllegalArgumentException("weights must be positive, got " + w);
        }
        int n = sample.length;
        if (n == 0) return Interval.EMPTY;
        var indices = new double[n];
        for (int i = 0; i < n; i++) indices[i] = i;
        // resampling positions and reading each drawn position's value and weight keeps pairs together
        return of(indices, drawn -> weightedMean(sample, weights, drawn), DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    private static double weightedMean(double[] values, double[] weights, double[] positions) {
        double sum = 0;
        double total = 0;
        for (double p : positions) {
            int i = (int) p;
            sum += weights[i] * values[i];
            total += weights[i];
        }
        return sum / total;
    }
}

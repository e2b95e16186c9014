package io.benchmarkhub.domain.statistics;

import java.util.SplittableRandom;

/**
 * A candidate against a baseline scored on the same cases, {@code d_i = candidate_i - baseline_i}: mean
 * difference, its paired bootstrap CI, and a two-sided paired sign-flip permutation test of
 * {@code |Σ d_i|} (Fisher 1935; Good 2005) — exact over all 2^n sign vectors when {@code 2^n <= permutations},
 * otherwise Monte Carlo with {@code p = (1 + #{|T*| >= |T|}) / (1 + permutations)} (Phipson &amp; Smyth 2010).
 * <p>With no cases every statistic is NaN and the counts are 0; NaN or infinite scores are rejected.
 * Won/lost/tied compare the two scores of a case exactly.
 */
public record PairedComparison(int n, double meanDifference, Interval ci, double pValue, int won, int lost, int tied) {

    public static final int DEFAULT_PERMUTATIONS = 10_000;

    /** Floating-point slack when comparing |T*| with |T|, relative to Σ|d_i|, so equal sums in another order count as equal. */
    private static final double TIE_TOLERANCE = 1e-12;

    /** 95% CI from {@value BootstrapCi#DEFAULT_RESAMPLES} resamples and a p-value from {@value #DEFAULT_PERMUTATIONS} sign flips. */
    public static PairedComparison of(double[] baseline, double[] candidate, long seed) {
        return of(baseline, candidate, BootstrapCi.DEFAULT_RESAMPLES, DEFAULT_PERMUTATIONS, seed);
    }

    public static PairedComparison of(
            double[] baseline, double[] candidate, int resamples, int permutations, long seed) {
        Samples.requireFinite(baseline, "baseline");
        Samples.requireFinite(candidate, "candidate");
        Samples.requireSameLength(baseline, candidate, "baseline", "candidate");
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
        }
        var d = Samples.differences(baseline, candidate);
        int won = 0, lost = 0, tied = 0;
        for (double di : d) {
            if (di > 0) won++;
            else if (di < 0) lost++;
            else tied++;
        }
        var ci = BootstrapCi.ofMean(d, resamples, BootstrapCi.DEFAULT_LEVEL, seed);
        // A stream independent of the bootstrap's, still fixed by the seed.
        double p = signFlipPValue(d, permutations, new SplittableRandom(seed).split());
        return new PairedComparison(d.length, Samples.mean(d), ci, p, won, lost, tied);
    }

    /** Two-sided sign-flip p-value of {@code |Σ d_i|}; NaN for no differences, 1 when every difference is 0. */
    static double signFlipPValue(double[] d, int permutations, SplittableRandom random) {
        int n = d.length;
        if (n == 0) {
            return Double.NaN;
        }
        double observed = 0, scale = 0;
        for (double di : d) {
            observed += di;
            scale += Math.abs(di);
        }
        if (scale == 0) {
            return 1;
        }
        double threshold = Math.abs(observed) - TIE_TOLERANCE * scale;
        if (n < 31 && (1L << n) <= permutations) {
            long all = 1L << n, atLeastAsExtreme = 0;
            for (long signs = 0; signs < all; signs++) {
                if (Math.abs(signedSum(d, signs)) >= threshold) atLeastAsExtreme++;
            }
            return (double) atLeastAsExtreme / all;
        }
        long atLeastAsExtreme = 0;
        for (int r = 0; r < permutations; r++) {
            double sum = 0;
            for (double di : d) {
                sum += random.nextBoolean() ? di : -di;
            }
            if (Math.abs(sum) >= threshold) atLeastAsExtreme++;
        }
        return (1.0 + atLeastAsExtreme) / (1.0 + permutations);
    }

    private static double signedSum(double[] d, long signs) {
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            sum += ((signs >>> i) & 1) == 0 ? d[i] : -d[i];
        }
        return sum;
    }
}

package io.benchmarkhub.domain.statistics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Pearson's r, {@code Σ(x-x̄)(y-ȳ) / sqrt(Σ(x-x̄)² Σ(y-ȳ)²)}, and Spearman's ρ, Pearson's r of the ranks
 * with tied values given their average rank; {@code n} is the number of complete pairs used.
 * <p>A pair with NaN on either side is missing and dropped; the coefficient is NaN with fewer than two
 * complete pairs or when either side is constant. Infinite values are rejected.
 */
public record Correlation(double coefficient, int n) {

    public static Correlation pearson(double[] x, double[] y) {
        var pairs = completePairs(x, y);
        return new Correlation(pearsonOf(pairs[0], pairs[1]), pairs[0].length);
    }

    public static Correlation spearman(double[] x, double[] y) {
        var pairs = completePairs(x, y);
        return new Correlation(pearsonOf(averageRanks(pairs[0]), averageRanks(pairs[1])), pairs[0].length);
    }

    /**
     * Fisher's z 95% interval of a Pearson correlation {@code r} over {@code n} pairs: {@code tanh(atanh(r) ± z/sqrt(n-3))}.
     * Null below 4 pairs, for |r| = 1 or a NaN r, where it is not defined.
     */
    public static Interval fisherInterval(double r, int n) {
        if (n < 4 || Double.isNaN(r) || Math.abs(r) >= 1) return null;
        double z = 0.5 * Math.log((1 + r) / (1 - r));
        double se = 1 / Math.sqrt(n - 3.0);
        return new Interval(r, Math.tanh(z - WilsonInterval.Z_95 * se), Math.tanh(z + WilsonInterval.Z_95 * se));
    }

    /** 1-based ranks; a run of equal values shares the mean of the ranks it spans. */
    static double[] averageRanks(double[] values) {
        int n = values.length;
        var order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        var ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) ranks[order[i]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    private static double pearsonOf(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double meanX = Samples.mean(x), meanY = Samples.mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    private static double[][] completePairs(double[] x, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x and y must not be null");
        }
        Samples.requireSameLength(x, y, "x", "y");
        int complete = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("pair " + i + " has an infinite value");
            }
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) complete++;
        }
        var xs = new double[complete];
        var ys = new double[complete];
        for (int i = 0, j = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        }
        return new double[][] {xs, ys};
    }
}

package io.benchmarkhub.domain.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Agreement between raters (judges): Krippendorff's alpha, {@code 1 - D_o/D_e} over the coincidence of
 * pairable values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), and Fleiss' kappa,
 * {@code (P̄ - P̄_e)/(1 - P̄_e)} for a fixed number of raters per subject (Fleiss 1971).
 * <p>Both return NaN when agreement is undefined: no units or subjects, no pairable values, or no
 * variation at all ({@code D_e = 0}, {@code P̄_e = 1}) — perfect agreement on one value is not evidence of reliability.
 */
public final class InterRaterAgreement {

    /** The difference function δ² of Krippendorff's alpha. */
    public enum Metric {
        /** δ² = 0 if equal, else 1: categories such as pass/fail. */
        NOMINAL,
        /** δ² = (c - k)²: scores on an interval scale such as a judge's score in [0, 1]. */
        INTERVAL
    }

    private InterRaterAgreement() {}

    /**
     * Krippendorff's alpha. Row u holds the values the coders gave unit u, in any order and of any length;
     * {@code NaN} marks a missing value. Units with fewer than two values are not pairable and are ignored.
     * Computed as {@code 1 - (n-1) Σ_u [Σ_{i≠j in u} δ²/(m_u-1)] / Σ_{i≠j in all} δ²}, which equals the
     * coincidence-matrix form without building the matrix.
     */
    public static double krippendorffAlpha(double[][] valuesByUnit, Metric metric) {
        if (valuesByUnit == null || metric == null) {
            throw new IllegalArgumentException("values and metric must not be null");
        }
        var units = new ArrayList<double[]>();
        int pairable = 0;
        for (int u = 0; u < valuesByUnit.length; u++) {
            var present = present(valuesByUnit[u], u);
            if (present.length >= 2) {
                units.add(present);
                pairable += present.length;
            }
        }
        var all = new double[pairable];
        double withinUnits = 0;
        int next = 0;
        for (var unit : units) {
            withinUnits += orderedPairSum(unit, metric) / (unit.length - 1);
            System.arraycopy(unit, 0, all, next, unit.length);
            next += unit.length;
        }
        if (pairable < 2) {
            return Double.NaN;
        }
        double overall = orderedPairSum(all, metric);
        if (overall == 0) {
            return Double.NaN;
        }
        return 1 - (pairable - 1) * withinUnits / overall;
    }

    /**
     * Fleiss' kappa from {@code counts[subject][category]}, the number of raters who put each subject in
     * each category; every subject must have the same number (at least 2) of raters.
     */
    public static double fleissKappa(int[][] counts) {
        if (counts == null) {
            throw new IllegalArgumentException("counts must not be null");
        }
        if (counts.length == 0) {
            return Double.NaN;
        }
        int categories = counts[0] == null ? 0 : counts[0].length;
        int raters = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == null || counts[i].length != categories) {
                throw new IllegalArgumentException(
                        "subject " + i + " does not have " + categories + " category counts");
            }
            int sum = 0;
            for (int c : counts[i]) {
                if (c < 0) throw new IllegalArgumentException("subject " + i + " has a negative count");
                sum += c;
            }
            if (raters == -1) raters = sum;
            if (sum != raters) {
                throw new IllegalArgumentException("subject " + i + " has " + sum + " ratings, subject 0 has " + raters
                        + "; use Krippendorff's alpha for missing ratings");
            }
        }
        if (raters < 2) {
            throw new IllegalArgumentException("need at least 2 raters per subject, got " + raters);
        }
        int subjects = counts.length;
        double agreement = 0;
        var categoryTotals = new double[categories];
        for (int[] row : counts) {
            for (int j = 0; j < categories; j++) {
                agreement += (double) row[j] * (row[j] - 1);
                categoryTotals[j] += row[j];
            }
        }
        double meanAgreement = agreement / ((double) subjects * raters * (raters - 1));
        double chance = 0;
        for (double total : categoryTotals) {
            double p = total / ((double) subjects * raters);
            chance += p * p;
        }
        if (chance >= 1) {
            return Double.NaN;
        }
        return (meanAgreement - chance) / (1 - chance);
    }

    /** Fleiss' kappa for pass/fail: {@code passed[subject][rater]}, the same number of raters for every subject. */
    public static double fleissKappa(boolean[][] passed) {
        if (passed == null) {
            throw new IllegalArgumentException("ratings must not be null");
        }
        var counts = new int[passed.length][2];
        for (int i = 0; i < passed.length; i++) {
            if (passed[i] == null) throw new IllegalArgumentException("subject " + i + " is null");
            for (boolean pass : passed[i]) {
                counts[i][pass ? 0 : 1]++;
            }
        }
        return fleissKappa(counts);
    }

    /** Σ over ordered pairs i ≠ j of δ²(x_i, x_j), in O(m). */
    private static double orderedPairSum(double[] values, Metric metric) {
        int m = values.length;
        return switch (metric) {
            case NOMINAL -> {
                var frequencies = new HashMap<Double, Integer>();
                for (double v : values) {
                    frequencies.merge(v + 0.0, 1, Integer::sum); // + 0.0 makes -0.0 equal to 0.0
                }
                double samePairs = 0;
                for (int f : frequencies.values()) {
                    samePairs += (double) f * f;
                }
                yield (double) m * m - samePairs;
            }
            case INTERVAL -> {
                if (Arrays.stream(values).distinct().count() <= 1) {
                    yield 0; // exactly: the mean of equal values can differ from them in the last bit
                }
                double mean = Samples.mean(values), squares = 0;
                for (double v : values) {
                    squares += (v - mean) * (v - mean);
                }
                yield 2.0 * m * squares;
            }
        };
    }

    /** The unit's values without the missing (NaN) ones. */
    private static double[] present(double[] unit, int index) {
        if (unit == null) {
            throw new IllegalArgumentException("unit " + index + " is null");
        }
        for (double v : unit) {
            if (Double.isInfinite(v)) throw new IllegalArgumentException("unit " + index + " has an infinite value");
        }
        return Arrays.stream(unit).filter(v -> !Double.isNaN(v)).toArray();
    }
}

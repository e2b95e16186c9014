package io.benchmarkhub.domain.statistics;

/** Input checks and the arithmetic mean shared by the statistics in this package. */
final class Samples {

    private Samples() {}

    /** Rejects null, NaN and infinite values: a missing score must be dropped at the edge, not averaged. */
    static void requireFinite(double[] values, String name) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + ", expected a finite number");
            }
        }
    }

    static void requireSameLength(double[] a, double[] b, String nameA, String nameB) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    nameA + " has " + a.length + " values but " + nameB + " has " + b.length);
        }
    }

    /** Arithmetic mean; NaN for an empty array. */
    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** {@code candidate[i] - baseline[i]} for every i. */
    static double[] differences(double[] baseline, double[] candidate) {
        var d = new double[baseline.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = candidate[i] - baseline[i];
        }
        return d;
    }
}

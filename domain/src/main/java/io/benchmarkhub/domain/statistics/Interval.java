package io.benchmarkhub.domain.statistics;

/**
 * A point estimate with a two-sided confidence interval {@code [lower, upper]}. With no data all three
 * are {@code NaN} (see {@link #EMPTY}); the estimate need not be the midpoint (Wilson and bootstrap
 * intervals are asymmetric) and, for a percentile bootstrap, need not even lie inside the interval.
 */
public record Interval(double estimate, double lower, double upper) {

    /** The interval of an empty sample: nothing is known, so every field is NaN. */
    public static final Interval EMPTY = new Interval(Double.NaN, Double.NaN, Double.NaN);

    public Interval {
        if (lower > upper) {
            throw new IllegalArgumentException("lower " + lower + " > upper " + upper);
        }
    }

    /** True when there was no data to estimate from. */
    public boolean isEmpty() {
        return Double.isNaN(estimate);
    }

    /** {@code upper - lower}; NaN for an empty interval. */
    public double width() {
        return upper - lower;
    }

    /** Whether {@code value} lies in the closed interval; always false for an empty interval. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}

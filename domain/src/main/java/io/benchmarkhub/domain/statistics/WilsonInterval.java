package io.benchmarkhub.domain.statistics;

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3):
 * {@code (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)} with {@code p = k/n}.
 */
public final class WilsonInterval {

    /** The standard normal 0.975 quantile, for a two-sided 95% interval. */
    public static final double Z_95 = 1.959963984540054;

    private WilsonInterval() {}

    /** 95% interval for {@code successes} of {@code trials}; {@link Interval#EMPTY} (all NaN) when {@code trials == 0}. */
    public static Interval of(int successes, int trials) {
        return of(successes, trials, Z_95);
    }

    /** The interval at a given normal quantile {@code z >= 0}; the estimate is the observed proportion {@code k/n}. */
    public static Interval of(int successes, int trials, double z) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z must be finite and >= 0, got " + z);
        }
        if (trials == 0) {
            return Interval.EMPTY;
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At k = 0 and k = n the bound is exactly 0 or 1; rounding would otherwise leave ±1e-17.
        double lower = successes == 0 ? 0 : Math.max(0, centre - halfWidth);
        double upper = successes == trials ? 1 : Math.min(1, centre + halfWidth);
        return new Interval(p, lower, upper);
    }
}

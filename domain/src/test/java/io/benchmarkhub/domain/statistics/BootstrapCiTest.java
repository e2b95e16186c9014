package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BootstrapCiTest {

    /** 1..20: mean 10.5, plug-in standard error sqrt(33.25/20) = 1.2894, so a normal 95% CI is about [7.97, 13.03]. */
    private static final double[] ONE_TO_TWENTY =
            IntStream.rangeClosed(1, 20).asDoubleStream().toArray();

    @Test
    void the_mean_interval_is_the_general_bootstraps_with_the_mean_draw_for_draw() {
        var random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(300);
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                // scores as runs give them: 0/1, fractions, and now and then a wide value
                sample[i] = round % 3 == 0 ? random.nextInt(2) : random.nextDouble() * (round % 5 == 0 ? 1e6 : 1);
            }
            long seed = random.nextLong();
            int resamples = 1 + random.nextInt(500);

            assertThat(BootstrapCi.ofMean(sample, resamples, 0.9, seed))
                    .isEqualTo(BootstrapCi.of(sample, Samples::mean, resamples, 0.9, seed));
        }
    }

    @Test
    void the_same_seed_gives_an_identical_interval() {
        assertThat(BootstrapCi.ofMean(ONE_TO_TWENTY, 42)).isEqualTo(BootstrapCi.ofMean(ONE_TO_TWENTY, 42));
    }

    @Test
    void different_seeds_give_intervals_within_monte_carlo_error_of_each_other() {
        var reference = BootstrapCi.ofMean(ONE_TO_TWENTY, 1);
        for (long seed = 2; seed <= 10; seed++) {
            var other = BootstrapCi.ofMean(ONE_TO_TWENTY, seed);
            assertThat(other).isNotEqualTo(reference);
            assertThat(other.lower()).isCloseTo(reference.lower(), within(0.4));
            assertThat(other.upper()).isCloseTo(reference.upper(), within(0.4));
        }
    }

    @Test
    void the_interval_of_one_to_twenty_contains_the_mean_and_agrees_with_the_normal_approximation() {
        var ci = BootstrapCi.ofMean(ONE_TO_TWENTY, 7);
        double halfWidth = 1.959964 * Math.sqrt(33.25 / 20);
        assertThat(ci.estimate()).isEqualTo(10.5);
        assertThat(ci.contains(10.5)).isTrue();
        assertThat(ci.lower()).isCloseTo(10.5 - halfWidth, within(0.3));
        assertThat(ci.upper()).isCloseTo(10.5 + halfWidth, within(0.3));
    }

    @Test
    void a_higher_level_gives_a_wider_interval_from_the_same_resamples() {
        var ci90 = BootstrapCi.ofMean(ONE_TO_TWENTY, 2_000, 0.90, 3);
        var ci99 = BootstrapCi.ofMean(ONE_TO_TWENTY, 2_000, 0.99, 3);
        assertThat(ci99.lower()).isLessThan(ci90.lower());
        assertThat(ci99.upper()).isGreaterThan(ci90.upper());
    }

    @Test
    void an_empty_sample_gives_the_all_nan_interval() {
        var ci = BootstrapCi.ofMean(new double[0], 1);
        assertThat(ci).isEqualTo(Interval.EMPTY);
        assertThat(ci.lower()).isNaN();
        assertThat(ci.upper()).isNaN();
    }

    @Test
    void a_single_value_gives_the_point_interval_at_that_value() {
        assertThat(BootstrapCi.ofMean(new double[] {0.7}, 1)).isEqualTo(new Interval(0.7, 0.7, 0.7));
    }

    @Test
    void a_constant_sample_gives_a_zero_width_interval() {
        var ci = BootstrapCi.ofMean(new double[] {1, 1, 1, 1}, 5);
        assertThat(ci.width()).isZero();
        assertThat(ci.lower()).isEqualTo(1.0);
    }

    @Test
    void any_statistic_such_as_the_median_can_be_bootstrapped_without_touching_the_callers_array() {
        double[] sample = {9, 1, 8, 2, 7, 3, 6, 4, 5};
        var ci = BootstrapCi.of(sample, BootstrapCiTest::medianSortingInPlace, 1_000, 0.95, 11);
        assertThat(ci.estimate()).isEqualTo(5);
        assertThat(ci.contains(5)).isTrue();
        assertThat(ci.lower()).isGreaterThanOrEqualTo(1);
        assertThat(ci.upper()).isLessThanOrEqualTo(9);
        assertThat(sample).containsExactly(9, 1, 8, 2, 7, 3, 6, 4, 5);
    }

    @Test
    void the_paired_bootstrap_of_a_constant_shift_is_exactly_that_shift() {
        double[] baseline = {0.1, 0.5, 0.9, 0.3};
        double[] candidate = {0.35, 0.75, 1.15, 0.55};
        var ci = BootstrapCi.ofMeanDifference(baseline, candidate, 1);
        assertThat(ci.estimate()).isCloseTo(0.25, within(1e-12));
        assertThat(ci.lower()).isCloseTo(0.25, within(1e-12));
        assertThat(ci.upper()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void the_paired_bootstrap_is_narrower_than_the_spread_between_cases_because_pairs_move_together() {
        double[] baseline = IntStream.range(0, 30).mapToDouble(i -> i / 30.0).toArray();
        double[] candidate = IntStream.range(0, 30)
                .mapToDouble(i -> i / 30.0 + (i % 2 == 0 ? 0.02 : 0.04))
                .toArray();
        var paired = BootstrapCi.ofMeanDifference(baseline, candidate, 9);
        assertThat(paired.estimate()).isCloseTo(0.03, within(1e-12));
        assertThat(paired.lower()).isGreaterThan(0.02);
        assertThat(paired.upper()).isLessThan(0.04);
    }

    @Test
    void nan_values_mismatched_pairs_and_nonsense_settings_are_rejected() {
        assertThatThrownBy(() -> BootstrapCi.ofMean(new double[] {1, Double.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BootstrapCi.ofMean(ONE_TO_TWENTY, 0, 0.95, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BootstrapCi.ofMean(ONE_TO_TWENTY, 100, 1.0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BootstrapCi.ofMeanDifference(new double[2], new double[3], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double medianSortingInPlace(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    @Test
    void the_weighted_mean_with_equal_weights_is_the_mean_with_the_same_interval() {
        double[] sample = {0.1, 0.9, 0.4, 0.7, 0.2, 1.0};
        double[] twos = {2, 2, 2, 2, 2, 2};
        Interval weighted = BootstrapCi.ofWeightedMean(sample, twos, 7);
        Interval plain = BootstrapCi.ofMean(sample, 7);
        assertThat(weighted.estimate()).isCloseTo(plain.estimate(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(weighted.lower()).isCloseTo(plain.lower(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(weighted.upper()).isCloseTo(plain.upper(), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void the_weighted_mean_weighs_each_value() {
        // (1·0 + 3·1) / 4
        assertThat(BootstrapCi.ofWeightedMean(new double[] {0, 1}, new double[] {1, 3}, 7)
                        .estimate())
                .isEqualTo(0.75);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BootstrapCi.ofWeightedMean(new double[] {0, 1}, new double[] {1, 0}, 7))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    @Test
    void identical_scores_give_a_zero_difference_a_p_value_of_one_and_all_ties() {
        double[] scores = {0.2, 0.9, 0.4, 1.0, 0.0};
        var result = PairedComparison.of(scores, scores.clone(), 1);
        assertThat(result.meanDifference()).isZero();
        assertThat(result.ci()).isEqualTo(new Interval(0, 0, 0));
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.tied()).isEqualTo(5);
        assertThat(result.won() + result.lost()).isZero();
    }

    @Test
    void ten_cases_all_improved_give_the_exact_p_value_two_in_1024() {
        // only "all +" and "all -" of the 2^10 sign vectors are as extreme as the observed sum
        double[] baseline = IntStream.range(0, 10).mapToDouble(i -> i / 20.0).toArray();
        double[] candidate = IntStream.range(0, 10)
                .mapToDouble(i -> i / 20.0 + 0.1 + i / 100.0)
                .toArray();
        var result = PairedComparison.of(baseline, candidate, 1);
        assertThat(result.pValue()).isEqualTo(2.0 / 1024);
        assertThat(result.won()).isEqualTo(10);
        assertThat(result.ci().lower()).isGreaterThan(0);
    }

    @Test
    void three_differences_of_plus_one_minus_one_plus_two_give_the_hand_enumerated_p_value_six_eighths() {
        // sign-flipped sums: ±4, 0, 0, ±2, ±2 → six of eight have |sum| >= 2
        var result = PairedComparison.of(new double[] {0, 1, 0}, new double[] {1, 0, 2}, 1);
        assertThat(result.meanDifference()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(result.pValue()).isEqualTo(0.75);
        assertThat(result.won()).isEqualTo(2);
        assertThat(result.lost()).isEqualTo(1);
    }

    @Test
    void a_clear_shift_on_a_hundred_noisy_cases_gives_a_tiny_monte_carlo_p_value() {
        var random = new SplittableRandom(2024);
        double[] baseline = new double[100];
        double[] candidate = new double[100];
        for (int i = 0; i < 100; i++) {
            baseline[i] = random.nextDouble();
            candidate[i] = Math.min(1, baseline[i] + 0.15 + (random.nextDouble() - 0.5) * 0.2);
        }
        var result = PairedComparison.of(baseline, candidate, 5);
        assertThat(result.pValue()).isEqualTo(1.0 / (PairedComparison.DEFAULT_PERMUTATIONS + 1));
        assertThat(result.ci().lower()).isGreaterThan(0.1);
        assertThat(result.won()).isGreaterThan(90);
    }

    @Test
    void differences_that_cancel_out_are_not_significant() {
        double[] baseline = new double[40];
        double[] candidate =
                IntStream.range(0, 40).mapToDouble(i -> i % 2 == 0 ? 0.3 : -0.3).toArray();
        var result = PairedComparison.of(baseline, candidate, 3);
        assertThat(result.meanDifference()).isCloseTo(0, within(1e-12));
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.ci().contains(0)).isTrue();
        assertThat(result.won()).isEqualTo(20);
        assertThat(result.lost()).isEqualTo(20);
    }

    @Test
    void the_same_seed_gives_the_same_comparison_on_the_monte_carlo_path() {
        var random = new SplittableRandom(8);
        double[] baseline = random.doubles(50).toArray();
        double[] candidate = random.doubles(50).toArray();
        assertThat(PairedComparison.of(baseline, candidate, 77))
                .isEqualTo(PairedComparison.of(baseline, candidate, 77));
        assertThat(PairedComparison.of(baseline, candidate, 77).pValue()).isBetween(0.0, 1.0);
    }

    @Test
    void no_cases_give_nan_statistics_and_zero_counts() {
        var result = PairedComparison.of(new double[0], new double[0], 1);
        assertThat(result.n()).isZero();
        assertThat(result.meanDifference()).isNaN();
        assertThat(result.pValue()).isNaN();
        assertThat(result.ci().isEmpty()).isTrue();
        assertThat(result.won() + result.lost() + result.tied()).isZero();
    }

    @Test
    void unpaired_lengths_and_nan_scores_are_rejected() {
        assertThatThrownBy(() -> PairedComparison.of(new double[3], new double[2], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedComparison.of(new double[] {Double.NaN}, new double[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

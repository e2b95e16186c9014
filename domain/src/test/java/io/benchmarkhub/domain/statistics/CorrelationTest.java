package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    private static final double[] ANSCOMBE_X = {10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5};

    @Test
    void every_set_of_anscombes_quartet_has_pearson_r_0_816() {
        // Anscombe (1973), "Graphs in Statistical Analysis": four different shapes, r = 0.816 each
        double[][] ys = {
            {8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68},
            {9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74},
            {7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73},
        };
        for (double[] y : ys) {
            var r = Correlation.pearson(ANSCOMBE_X, y);
            assertThat(r.coefficient()).isCloseTo(0.816, within(0.0005));
            assertThat(r.n()).isEqualTo(11);
        }
        double[] x4 = {8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8};
        double[] y4 = {6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89};
        assertThat(Correlation.pearson(x4, y4).coefficient()).isCloseTo(0.816, within(0.001));
    }

    @Test
    void iq_against_hours_of_television_has_spearman_rho_minus_29_over_165() {
        // the worked example of Spearman's rho on Wikipedia: Σd² = 194, ρ = 1 - 6·194/(10·99)
        double[] iq = {106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
        double[] tv = {7, 27, 2, 50, 28, 29, 20, 12, 6, 17};
        var rho = Correlation.spearman(iq, tv);
        assertThat(rho.coefficient()).isCloseTo(-29.0 / 165, within(1e-12));
        assertThat(rho.n()).isEqualTo(10);
    }

    @Test
    void tied_values_share_their_average_rank() {
        // ranks of x: 1, 2.5, 2.5, 4 against 1, 2, 3, 4 → 4.5 / sqrt(4.5 · 5) = 3/sqrt(10)
        assertThat(Correlation.averageRanks(new double[] {1, 2, 2, 3})).containsExactly(1, 2.5, 2.5, 4);
        assertThat(Correlation.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4})
                        .coefficient())
                .isCloseTo(3 / Math.sqrt(10), within(1e-12));
    }

    @Test
    void a_monotonic_curve_has_spearman_one_but_pearson_below_one() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {1, 4, 9, 16, 25, 1000};
        assertThat(Correlation.spearman(x, y).coefficient()).isEqualTo(1.0);
        assertThat(Correlation.pearson(x, y).coefficient()).isLessThan(0.8);
    }

    @Test
    void a_perfectly_decreasing_line_has_pearson_minus_one() {
        assertThat(Correlation.pearson(new double[] {0, 0.5, 1}, new double[] {1, 0.5, 0})
                        .coefficient())
                .isCloseTo(-1, within(1e-15));
    }

    @Test
    void pairs_with_a_missing_side_are_dropped_and_n_counts_the_complete_pairs() {
        double nan = Double.NaN;
        var r = Correlation.spearman(new double[] {1, 2, nan, 3, 4}, new double[] {10, 20, 30, nan, 40});
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.coefficient()).isEqualTo(1.0);
    }

    @Test
    void fewer_than_two_pairs_or_a_constant_side_give_nan() {
        assertThat(Correlation.pearson(new double[] {1}, new double[] {2}).coefficient())
                .isNaN();
        assertThat(Correlation.pearson(new double[0], new double[0]).n()).isZero();
        assertThat(Correlation.spearman(new double[] {0.5, 0.5, 0.5}, new double[] {1, 2, 3})
                        .coefficient())
                .isNaN();
    }

    @Test
    void unequal_lengths_and_infinite_values_are_rejected() {
        assertThatThrownBy(() -> Correlation.pearson(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Correlation.pearson(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

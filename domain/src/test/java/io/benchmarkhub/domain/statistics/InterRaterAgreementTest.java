package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.statistics.InterRaterAgreement.Metric;
import org.junit.jupiter.api.Test;

class InterRaterAgreementTest {

    private static final double x = Double.NaN;

    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: four coders (A-D) by
     * twelve units, values 1-5, missing values allowed. Published: nominal 0.743, interval 0.849.
     */
    private static final double[][] KRIPPENDORFF_BY_CODER = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, x, x, x},
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, x, 3},
        {x, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, x},
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, x},
    };

    /** Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210. */
    private static final int[][] FLEISS_WORKED_EXAMPLE = {
        {0, 0, 0, 0, 14},
        {0, 2, 6, 4, 2},
        {0, 0, 3, 5, 6},
        {0, 3, 9, 2, 0},
        {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},
        {3, 2, 6, 3, 0},
        {2, 5, 3, 2, 2},
        {6, 5, 2, 1, 0},
        {0, 2, 2, 3, 7},
    };

    @Test
    void krippendorffs_published_example_has_nominal_alpha_0_743() {
        // 40 pairable values in 11 units; unrounded 0.743421…
        assertThat(InterRaterAgreement.krippendorffAlpha(byUnit(KRIPPENDORFF_BY_CODER), Metric.NOMINAL))
                .isCloseTo(0.743, within(0.0005));
    }

    @Test
    void krippendorffs_published_example_has_interval_alpha_0_849() {
        assertThat(InterRaterAgreement.krippendorffAlpha(byUnit(KRIPPENDORFF_BY_CODER), Metric.INTERVAL))
                .isCloseTo(0.849, within(0.0005));
    }

    @Test
    void interval_alpha_of_three_two_judge_units_is_the_hand_computed_24_over_29() {
        // D_o = (0 + 0 + 2·0.25)/6 = 1/12; D_e = 2·6·Σ(x - x̄)² / (6·5) = 14.5/30; α = 1 - 5/29
        double[][] scores = {{0, 0}, {1, 1}, {0.5, 1}};
        assertThat(InterRaterAgreement.krippendorffAlpha(scores, Metric.INTERVAL))
                .isCloseTo(24.0 / 29, within(1e-12));
    }

    @Test
    void units_rated_by_fewer_than_two_judges_do_not_change_alpha() {
        double[][] scores = {{0, 0}, {1, 1}, {0.5, 1}, {0.9, x, x}, {}, {x, x}};
        assertThat(InterRaterAgreement.krippendorffAlpha(scores, Metric.INTERVAL))
                .isCloseTo(24.0 / 29, within(1e-12));
    }

    @Test
    void perfect_agreement_on_varied_scores_gives_alpha_one() {
        double[][] scores = {{0.1, 0.1, 0.1}, {0.8, 0.8, 0.8}, {0.5, 0.5, x}};
        assertThat(InterRaterAgreement.krippendorffAlpha(scores, Metric.INTERVAL))
                .isEqualTo(1.0);
        assertThat(InterRaterAgreement.krippendorffAlpha(scores, Metric.NOMINAL))
                .isEqualTo(1.0);
    }

    @Test
    void alpha_is_nan_without_variation_or_without_pairable_values() {
        assertThat(InterRaterAgreement.krippendorffAlpha(new double[][] {{0.1, 0.1}, {0.1, 0.1, 0.1}}, Metric.INTERVAL))
                .isNaN();
        assertThat(InterRaterAgreement.krippendorffAlpha(new double[][] {{1}, {0, x}}, Metric.NOMINAL))
                .isNaN();
        assertThat(InterRaterAgreement.krippendorffAlpha(new double[0][], Metric.INTERVAL))
                .isNaN();
    }

    @Test
    void fleiss_worked_example_gives_kappa_0_210() {
        assertThat(InterRaterAgreement.fleissKappa(FLEISS_WORKED_EXAMPLE)).isCloseTo(0.210, within(0.0005));
    }

    @Test
    void pass_fail_kappa_of_three_judges_on_four_cases_matches_the_hand_computation() {
        // counts (pass, fail): (3,0) (0,3) (2,1) (1,2); P̄ = (1+1+1/3+1/3)/4 = 2/3; p = (1/2, 1/2), P̄e = 1/2; κ = 1/3
        boolean[][] passed = {
            {true, true, true},
            {false, false, false},
            {true, true, false},
            {false, true, false},
        };
        assertThat(InterRaterAgreement.fleissKappa(passed)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void judges_who_always_agree_have_kappa_one_and_judges_who_always_pass_have_undefined_kappa() {
        assertThat(InterRaterAgreement.fleissKappa(new boolean[][] {{true, true}, {false, false}}))
                .isEqualTo(1.0);
        assertThat(InterRaterAgreement.fleissKappa(new boolean[][] {{true, true}, {true, true}}))
                .isNaN();
        assertThat(InterRaterAgreement.fleissKappa(new boolean[0][])).isNaN();
    }

    @Test
    void kappa_rejects_subjects_with_a_different_number_of_raters() {
        assertThatThrownBy(() -> InterRaterAgreement.fleissKappa(new boolean[][] {{true, true}, {true, false, false}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Krippendorff");
        assertThatThrownBy(() -> InterRaterAgreement.fleissKappa(new int[][] {{1, 0}, {0, 1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Krippendorff's tables are coders × units; the API takes the values of each unit. */
    private static double[][] byUnit(double[][] byCoder) {
        var units = new double[byCoder[0].length][byCoder.length];
        for (int c = 0; c < byCoder.length; c++) {
            for (int u = 0; u < byCoder[c].length; u++) {
                units[u][c] = byCoder[c][u];
            }
        }
        return units;
    }
}

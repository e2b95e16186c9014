package io.benchmarkhub.domain.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdditiveFitTest {

    /**
     * By hand, as R's medpolish: rows 1 2 3 / 4 5 6 / 7 8 10. Row medians 2, 5, 8 leave residuals -1 0 1 / -1 0 1 /
     * -1 0 2; column medians -1, 0, 1 leave all zero but the last cell (1); the median row effect 5 moves into
     * overall, leaving rows -3, 0, 3. The second pass changes nothing.
     */
    @Test
    void median_polish_of_a_small_table_gives_the_hand_computed_effects() {
        int[] rows = {0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] cols = {0, 1, 2, 0, 1, 2, 0, 1, 2};
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 10};

        AdditiveFit fit = AdditiveFit.medianPolish(3, 3, rows, cols, values);

        assertThat(fit.overall()).isEqualTo(5.0);
        assertThat(fit.benchmarkEffects()).containsExactly(-3, 0, 3);
        assertThat(fit.modelEffects()).containsExactly(-1, 0, 1);
        assertThat(fit.residuals()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(fit.fitted(2, 2)).isEqualTo(9.0);
    }

    @Test
    void an_exactly_additive_table_with_missing_cells_is_fitted_exactly() {
        double[] strength = {0.1, 0.2, 0.35};
        double[] difficulty = {0.3, 0.0, -0.2, 0.1};
        int[] rows = {0, 0, 1, 1, 1, 2, 2, 3, 3};
        int[] cols = {0, 1, 0, 1, 2, 1, 2, 0, 2};
        double[] values = new double[rows.length];
        for (int k = 0; k < rows.length; k++) values[k] = 0.5 + strength[cols[k]] - difficulty[rows[k]];

        AdditiveFit fit = AdditiveFit.medianPolish(4, 3, rows, cols, values);

        for (int k = 0; k < rows.length; k++) assertThat(fit.residuals()[k]).isCloseTo(0, within(1e-12));
        assertThat(fit.modelEffects()[2] - fit.modelEffects()[0]).isCloseTo(0.25, within(1e-12));
    }
}

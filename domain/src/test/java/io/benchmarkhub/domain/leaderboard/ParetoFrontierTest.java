package io.benchmarkhub.domain.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParetoFrontierTest {

    @Test
    void a_model_beaten_on_score_at_no_more_cost_is_off_the_frontier() {
        // A best and dearest, B cheapest; C is worse and dearer than B; D is worse than A at the same cost
        boolean[] frontier = ParetoFrontier.of(new double[] {0.90, 0.80, 0.70, 0.85}, new double[] {100, 50, 60, 100});

        assertThat(frontier).containsExactly(true, true, false, false);
    }

    @Test
    void identical_models_are_both_on_the_frontier() {
        assertThat(ParetoFrontier.of(new double[] {0.5, 0.5}, new double[] {10, 10}))
                .containsExactly(true, true);
    }
}

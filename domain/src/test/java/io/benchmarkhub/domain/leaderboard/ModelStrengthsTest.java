package io.benchmarkhub.domain.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelStrengthsTest {

    /**
     * "strong" ran only the hard benchmarks and "weak" only the easy ones, so weak has the higher raw mean (0.75 vs
     * 0.55); "anchor" ran all of them and ties the two halves together. The fit recovers strong − weak = +0.1.
     */
    @Test
    void a_model_that_ran_only_hard_benchmarks_is_not_ranked_below_one_that_ran_only_easy_ones() {
        var scores = new ArrayList<BenchmarkScore>();
        double[] ease = {-0.2, -0.15, -0.1, 0.1, 0.15, 0.2};
        for (int b = 0; b < ease.length; b++) {
            scores.add(new BenchmarkScore("bm" + b, "anchor", 0.6 + ease[b], 50));
            if (ease[b] < 0) scores.add(new BenchmarkScore("bm" + b, "strong", 0.7 + ease[b], 50));
            else scores.add(new BenchmarkScore("bm" + b, "weak", 0.6 + ease[b], 50));
        }
        double rawStrong = scores.stream()
                .filter(s -> s.model().equals("strong"))
                .mapToDouble(BenchmarkScore::score)
                .average()
                .orElseThrow();
        double rawWeak = scores.stream()
                .filter(s -> s.model().equals("weak"))
                .mapToDouble(BenchmarkScore::score)
                .average()
                .orElseThrow();
        assertThat(rawStrong).isLessThan(rawWeak);

        List<ModelStrengths.Strength> strengths = ModelStrengths.of(scores, 200, 7);

        var anchor = strengths.get(0);
        var strong = strengths.get(1);
        var weak = strengths.get(2);
        assertThat(strong.model()).isEqualTo("strong");
        assertThat(strong.strength() - weak.strength()).isCloseTo(0.1, within(1e-12));
        assertThat(strong.strength() - anchor.strength()).isCloseTo(0.1, within(1e-12));
        assertThat(strong.benchmarks()).isEqualTo(3);
        assertThat(anchor.benchmarks()).isEqualTo(6);
    }

    @Test
    void the_bootstrap_interval_is_seeded_and_brackets_a_noisy_estimate() {
        var scores = new ArrayList<BenchmarkScore>();
        var random = new java.util.SplittableRandom(3);
        for (int b = 0; b < 20; b++) {
            double d = random.nextDouble(-0.2, 0.2);
            for (int m = 0; m < 4; m++)
                scores.add(
                        new BenchmarkScore("bm" + b, "m" + m, 0.4 + 0.1 * m + d + random.nextDouble(-0.05, 0.05), 50));
        }

        var once = ModelStrengths.of(scores, 300, 11);
        var again = ModelStrengths.of(scores, 300, 11);

        assertThat(once).isEqualTo(again);
        for (var s : once) {
            assertThat(s.lower()).isLessThanOrEqualTo(s.strength());
            assertThat(s.upper()).isGreaterThanOrEqualTo(s.strength());
            assertThat(s.upper() - s.lower()).isBetween(0.001, 0.1);
        }
        assertThat(once.get(3).lower()).isGreaterThan(once.get(0).upper());
    }
}

package io.benchmarkhub.domain.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.integrity.ContaminationDetector.Evidence;
import io.benchmarkhub.domain.integrity.ContaminationDetector.Flag;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContaminationDetectorTest {

    private static final double[] STRENGTH = {-1.0, -0.8, -0.6, -0.4, -0.2, 0.0};
    private static final double[] EASE = {-0.7, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0};

    /**
     * 6 models × 8 benchmarks of 50 cases whose empirical logits are exactly strength + ease, plus {@code shift(b)} in
     * logits for the strongest model m5 on benchmark b (it stays the largest of each column it is in, and among the
     * two largest of each row, so no benchmark median moves).
     */
    private static List<BenchmarkScore> table(java.util.function.IntToDoubleFunction shift, int plantedCases) {
        var scores = new ArrayList<BenchmarkScore>();
        for (int b = 0; b < EASE.length; b++) {
            for (int m = 0; m < STRENGTH.length; m++) {
                boolean m5 = m == STRENGTH.length - 1;
                int cases = m5 && b == EASE.length - 1 ? plantedCases : 50;
                scores.add(new BenchmarkScore(
                        "bm" + b,
                        "m" + m,
                        scoreWithLogit(STRENGTH[m] + EASE[b] + (m5 ? shift.applyAsDouble(b) : 0), cases),
                        cases));
            }
        }
        return scores;
    }

    private static List<BenchmarkScore> table(double planted, int plantedCases) {
        return table(b -> b == EASE.length - 1 ? planted : 0, plantedCases);
    }

    /** The score over n cases whose empirical logit ln((x + ½)/(n − x + ½)) is {@code logit}. */
    private static double scoreWithLogit(double logit, int cases) {
        double e = Math.exp(logit);
        return ((cases + 0.5) * e - 0.5) / (1 + e) / cases;
    }

    /**
     * m5 on bm7 is 1.5 logits above its expected 0: every other residual is 0, so the MAD is 0 and the spread is its
     * floor 1. se = 1/√(50 × ½ × ½) = 0.282843; the fit's own error with 6 models on the benchmark and 8 benchmarks
     * of the model, f = √(1 + (π/2)(1/5 + 1/7)) = 1.240387; z = 1.5 / (se × f) = 4.275523; observed =
     * logistic-inverse of 1.5 over 50 cases = 0.823926, expected 0.5, σ on the score scale = se × f × ½ × ½ = 0.087709.
     */
    @Test
    void a_planted_contaminated_pair_is_flagged_with_the_hand_computed_numbers() {
        List<Flag> flags = ContaminationDetector.detect(table(1.5, 50), Evidence.DEFAULT);

        assertThat(flags).hasSize(1);
        Flag flag = flags.getFirst();
        assertThat(flag.benchmarkId()).isEqualTo("bm7");
        assertThat(flag.model()).isEqualTo("m5");
        assertThat(flag.observed()).isCloseTo(0.823926, within(1e-6));
        assertThat(flag.expected()).isCloseTo(0.5, within(1e-12));
        assertThat(flag.sigma()).isCloseTo(0.087709, within(1e-6));
        assertThat(flag.zScore()).isCloseTo(4.275523, within(1e-6));
        assertThat(flag.cases()).isEqualTo(50);
        assertThat(flag.benchmarksForModel()).isEqualTo(8);
        assertThat(flag.modelsForBenchmark()).isEqualTo(6);
    }

    /**
     * m5 gets +0.3 logits on even benchmarks, −0.3 on odd ones and +3.0 on bm7. Its column median +0.3 goes into its
     * effect, leaving residuals 0 (4×), −0.6 (bm1, bm3, bm5) and +2.7 (bm7). Standardised by each pair's se, the
     * median is 0 and the MAD is half the smallest |−0.6 / se|, at bm1 (expected logit −0.3, p = 0.425557,
     * se = 0.286031): MAD = 1.048838; with Croux and Rousseeuw's factor for 8 values, 1.129, the spread is
     * 1.4826 × 1.129 × MAD = 1.755604. On bm7 (expected logit 0.3, p = 0.574443, se₇ = 0.286031), with the fit's
     * error f = 1.240387: z = 2.7 / (1.755604 × se₇ × f) = 4.334785, σ = 0.152265, observed 0.961626.
     */
    @Test
    void sigma_is_the_models_own_mad_of_standardised_residuals_scaled_to_a_normal_sd() {
        List<BenchmarkScore> scores = table(b -> b == 7 ? 3.0 : b % 2 == 0 ? 0.3 : -0.3, 50);

        List<Flag> flags = ContaminationDetector.detect(scores, Evidence.DEFAULT);

        assertThat(flags).hasSize(1);
        Flag flag = flags.getFirst();
        assertThat(flag.model()).isEqualTo("m5");
        assertThat(flag.benchmarkId()).isEqualTo("bm7");
        assertThat(flag.observed()).isCloseTo(0.961626, within(1e-6));
        assertThat(flag.expected()).isCloseTo(0.574443, within(1e-6));
        assertThat(flag.sigma()).isCloseTo(0.152265, within(1e-6));
        assertThat(flag.zScore()).isCloseTo(4.334785, within(1e-6));
    }

    @Test
    void the_planted_pair_of_the_evidence_tests_is_flagged_with_full_evidence() {
        assertThat(ContaminationDetector.detect(table(3.0, 50), Evidence.DEFAULT))
                .extracting(Flag::model)
                .containsExactly("m5");
    }

    /** Between the clearing z (2) and the raising z (3) nothing happens either way: the hysteresis. */
    @Test
    void a_pair_is_raised_above_3_cleared_at_or_below_2_and_left_alone_between() {
        Flag at = new Flag("bm", "m", 0.8, 0.5, 0.1, 2.5, 50, 8, 6);
        assertThat(Evidence.DEFAULT.raises(at)).isFalse();
        assertThat(Evidence.DEFAULT.clears(at)).isFalse();
        assertThat(Evidence.DEFAULT.raises(new Flag("bm", "m", 0.8, 0.5, 0.1, 3.01, 50, 8, 6)))
                .isTrue();
        assertThat(Evidence.DEFAULT.clears(new Flag("bm", "m", 0.7, 0.5, 0.1, 2.0, 50, 8, 6)))
                .isTrue();
        // too little evidence to judge: not cleared either
        assertThat(Evidence.DEFAULT.clears(new Flag("bm", "m", 0.5, 0.5, 0.1, 0.0, 50, 4, 6)))
                .isFalse();
    }

    @Test
    void the_clearing_z_must_be_below_the_raising_z() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Evidence(20, 5, 3, 3.0, 3.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Croux and Rousseeuw (1992), table 1 for n ≤ 9 and n / (n − 0.8) above. */
    @Test
    void the_small_sample_factor_of_the_mad_follows_croux_and_rousseeuw() {
        assertThat(ContaminationDetector.smallSampleFactor(5)).isEqualTo(1.206);
        assertThat(ContaminationDetector.smallSampleFactor(20)).isCloseTo(20 / 19.2, within(1e-12));
    }

    @Test
    void a_run_with_fewer_cases_than_the_minimum_is_not_flagged() {
        assertThat(ContaminationDetector.detect(table(3.0, 19), Evidence.DEFAULT))
                .isEmpty();
    }

    @Test
    void a_model_on_fewer_benchmarks_than_the_minimum_is_not_flagged() {
        var scores = table(3.0, 50).stream()
                .filter(s -> !s.model().equals("m5") || s.benchmarkId().compareTo("bm3") > 0)
                .toList();
        assertThat(scores.stream().filter(s -> s.model().equals("m5"))).hasSize(4);

        assertThat(ContaminationDetector.detect(scores, Evidence.DEFAULT)).isEmpty();
    }

    @Test
    void a_benchmark_with_fewer_models_than_the_minimum_is_not_flagged() {
        var scores = table(3.0, 50).stream()
                .filter(s -> !s.benchmarkId().equals("bm7")
                        || s.model().equals("m5")
                        || s.model().equals("m0"))
                .toList();

        assertThat(ContaminationDetector.detect(scores, Evidence.DEFAULT)).isEmpty();
    }

    @Test
    void a_score_far_below_expectation_is_not_contamination() {
        assertThat(ContaminationDetector.detect(table(-1.5, 50), Evidence.DEFAULT))
                .isEmpty();
    }
}

package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.statistics.BootstrapCi;
import io.benchmarkhub.domain.statistics.InterRaterAgreement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStatisticsTest {

    private static final double FOUR_DECIMALS = 0.00005;
    private static final long SEED = 42;

    private static TrialOutcome answered(
            String caseId, int repeat, Double score, long latencyMs, long costMicros, long judgeCostMicros) {
        return new TrialOutcome(
                caseId,
                repeat,
                false,
                score,
                score == null ? null : score == 1.0,
                latencyMs,
                costMicros,
                judgeCostMicros);
    }

    private static TrialOutcome failedCall(String caseId, int repeat) {
        return new TrialOutcome(caseId, repeat, true, 0.0, false, null, 0, 0);
    }

    /**
     * Three cases, two repeats each:
     * a: 1.0, 1.0 — b: failed call (0), 1.0 — c: 0.0, answered but not scored.
     * Per-case means 1.0, 0.5, 0.0 → score 0.5. Scored 5, passed 3. Latencies of the five answers
     * 100, 300, 200, 400, 500. Cost 4+3+0+2+1+0 = 10 µ$ over 3 cases; judge cost 4 µ$.
     */
    private static final List<TrialOutcome> EXAMPLE = List.of(
            answered("a", 1, 1.0, 100, 4, 1),
            answered("a", 2, 1.0, 300, 3, 1),
            failedCall("b", 1),
            answered("b", 2, 1.0, 200, 2, 1),
            answered("c", 1, 0.0, 400, 1, 1),
            answered("c", 2, null, 500, 0, 0));

    private static ModelSummary example() {
        return RunStatistics.summarize("m1", false, EXAMPLE, 2, SEED);
    }

    @Test
    void the_counts_include_failed_calls_as_scored_trials() {
        var summary = example();

        assertThat(summary.model()).isEqualTo("m1");
        assertThat(summary.simulated()).isFalse();
        assertThat(summary.trials()).isEqualTo(6);
        assertThat(summary.failedCalls()).isEqualTo(1);
        assertThat(summary.scored()).isEqualTo(5);
    }

    @Test
    void the_score_is_the_mean_of_the_per_case_means() {
        // (1.0 + 0.5 + 0.0) / 3; the mean over the five scored trials would be 0.6
        assertThat(example().score()).isEqualTo(0.5);
    }

    @Test
    void the_score_interval_is_the_seeded_bootstrap_of_the_per_case_means_in_case_order() {
        var expected = BootstrapCi.ofMean(new double[] {1.0, 0.5, 0.0}, SEED);

        assertThat(example().scoreLow()).isEqualTo(expected.lower());
        assertThat(example().scoreHigh()).isEqualTo(expected.upper());
    }

    @Test
    void the_pass_rate_is_passes_over_scored_trials_with_a_wilson_interval() {
        // 3 of 5: p = .6, z²/n = .768292: centre .556551, half-width .325828
        var summary = example();

        assertThat(summary.passRate()).isEqualTo(0.6);
        assertThat(summary.passRateLow()).isCloseTo(0.2307, within(FOUR_DECIMALS));
        assertThat(summary.passRateHigh()).isCloseTo(0.8824, within(FOUR_DECIMALS));
    }

    @Test
    void seventeen_passes_of_twenty_give_a_pass_rate_of_0_85_in_0_6396_to_0_9476() {
        var outcomes = new ArrayList<TrialOutcome>();
        for (int i = 1; i <= 20; i++)
            outcomes.add(answered("case-%02d".formatted(i), 1, i <= 17 ? 1.0 : 0.0, 100, 0, 0));

        var summary = RunStatistics.summarize("m1", false, outcomes, 1, SEED);

        assertThat(summary.passRate()).isEqualTo(0.85);
        assertThat(summary.passRateLow()).isCloseTo(0.6396, within(FOUR_DECIMALS));
        assertThat(summary.passRateHigh()).isCloseTo(0.9476, within(FOUR_DECIMALS));
        assertThat(summary.score()).isCloseTo(0.85, within(1e-12));
    }

    @Test
    void latency_percentiles_are_over_answered_trials_only() {
        // sorted 100 200 300 400 500: p50 = x[2] = 300; p95 at h = 3.8: 400 + .8 × 100; p99 at h = 3.96: 400 + .96 ×
        // 100
        var summary = example();

        assertThat(summary.latencyP50Ms()).isEqualTo(300.0);
        assertThat(summary.latencyP95Ms()).isCloseTo(480.0, within(1e-9));
        assertThat(summary.latencyP99Ms()).isCloseTo(496.0, within(1e-9));
    }

    @Test
    void costs_are_summed_and_divided_by_cases_rounding_half_up() {
        // 10 / 3 = 3.33 → 3
        var summary = example();

        assertThat(summary.costMicros()).isEqualTo(10);
        assertThat(summary.costPerCaseMicros()).isEqualTo(3);
        assertThat(summary.judgeCostMicros()).isEqualTo(4);
    }

    @Test
    void a_cost_per_case_of_exactly_one_half_rounds_up() {
        // 10 µ$ over 4 cases = 2.5 → 3
        var outcomes = List.of(
                answered("a", 1, 1.0, 1, 3, 0),
                answered("b", 1, 1.0, 1, 3, 0),
                answered("c", 1, 1.0, 1, 2, 0),
                answered("d", 1, 1.0, 1, 2, 0));

        assertThat(RunStatistics.summarize("m1", false, outcomes, 1, SEED).costPerCaseMicros())
                .isEqualTo(3);
    }

    @Test
    void a_cost_per_case_below_one_half_rounds_down() {
        // 9 µ$ over 4 cases = 2.25 → 2
        var outcomes = List.of(
                answered("a", 1, 1.0, 1, 3, 0),
                answered("b", 1, 1.0, 1, 2, 0),
                answered("c", 1, 1.0, 1, 2, 0),
                answered("d", 1, 1.0, 1, 2, 0));

        assertThat(RunStatistics.summarize("m1", false, outcomes, 1, SEED).costPerCaseMicros())
                .isEqualTo(2);
    }

    @Test
    void per_case_rounds_half_up_in_integer_arithmetic_and_is_zero_without_cases() {
        assertThat(RunStatistics.perCase(10, 4)).isEqualTo(3);
        assertThat(RunStatistics.perCase(9, 4)).isEqualTo(2);
        assertThat(RunStatistics.perCase(6, 4)).isEqualTo(2);
        assertThat(RunStatistics.perCase(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(RunStatistics.perCase(5, 0)).isZero();
    }

    @Test
    void pass_hat_k_is_over_cases_whose_repeats_were_all_scored() {
        // k = 2: a passed 2 of 2 → C(2,2)/C(2,2) = 1; b passed 1 of 2 → 0; c has one scored repeat and is left out
        assertThat(example().passHatK()).isEqualTo(0.5);
    }

    @Test
    void pass_hat_k_is_absent_with_a_single_repeat() {
        var outcomes = List.of(answered("a", 1, 1.0, 1, 0, 0), answered("b", 1, 1.0, 1, 0, 0));

        assertThat(RunStatistics.summarize("m1", false, outcomes, 1, SEED).passHatK())
                .isNull();
    }

    @Test
    void pass_hat_k_is_absent_when_no_case_has_all_its_repeats_scored() {
        var outcomes = List.of(answered("a", 1, 1.0, 1, 0, 0), answered("b", 2, 1.0, 1, 0, 0));

        assertThat(RunStatistics.summarize("m1", false, outcomes, 2, SEED).passHatK())
                .isNull();
    }

    @Test
    void a_model_with_no_settled_trial_has_nothing_to_estimate() {
        var summary = RunStatistics.summarize("sim/echo", true, List.of(), 1, SEED);

        assertThat(summary)
                .isEqualTo(new ModelSummary(
                        "sim/echo",
                        true,
                        0,
                        0,
                        0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        0,
                        0,
                        null));
    }

    @Test
    void the_same_outcomes_and_seed_give_the_same_summary() {
        assertThat(example()).isEqualTo(example());
    }

    @Test
    void the_summary_does_not_depend_on_the_order_of_the_outcomes() {
        var shuffled = new ArrayList<>(EXAMPLE);
        Collections.reverse(shuffled);
        Collections.swap(shuffled, 0, 3);

        assertThat(RunStatistics.summarize("m1", false, shuffled, 2, SEED)).isEqualTo(example());
    }

    @Test
    void the_bootstrap_interval_of_many_cases_does_not_depend_on_their_order() {
        var outcomes = new ArrayList<TrialOutcome>();
        for (int i = 1; i <= 30; i++) outcomes.add(answered("case-%02d".formatted(i), 1, (i % 7) / 6.0, 100, 0, 0));
        var reversed = new ArrayList<>(outcomes);
        Collections.reverse(reversed);

        var forward = RunStatistics.summarize("m1", false, outcomes, 1, SEED);
        var backward = RunStatistics.summarize("m1", false, reversed, 1, SEED);

        assertThat(backward.scoreLow()).isEqualTo(forward.scoreLow());
        assertThat(backward.scoreHigh()).isEqualTo(forward.scoreHigh());
        assertThat(forward.scoreLow()).isLessThan(forward.score());
        assertThat(forward.scoreHigh()).isGreaterThan(forward.score());
    }

    @Test
    void the_seed_of_a_run_is_a_fixed_function_of_its_id() {
        // "run_1".hashCode() = 108875645, times 0x9E3779B97F4A7C15 modulo 2^64
        assertThat(RunStatistics.seed(new RunId("run_1"))).isEqualTo(2897384809970667841L);
        assertThat(RunStatistics.seed(new RunId("run_1"))).isEqualTo(RunStatistics.seed(new RunId("run_1")));
        assertThat(RunStatistics.seed(new RunId("run_2"))).isNotEqualTo(RunStatistics.seed(new RunId("run_1")));
    }

    @Test
    void judge_agreement_needs_two_units_with_two_scores() {
        // only the first unit has two successful scores
        List<List<Double>> units = List.of(List.of(0.5, 0.7), List.of(0.2), Arrays.asList(null, 0.3), List.of());

        assertThat(RunStatistics.judgeAgreement(units)).isNull();
    }

    @Test
    void judge_agreement_is_krippendorffs_interval_alpha_of_the_successful_scores() {
        // units {0, .5} and {1, 1}: within-unit Σδ²/(m-1) = .5; all four values, mean .625: Σ(x-x̄)² = .6875,
        // ordered-pair Σδ² = 2·4·.6875 = 5.5; α = 1 - 3 · .5 / 5.5 = 8/11. Failed verdicts and lone scores are left
        // out.
        List<List<Double>> units = List.of(Arrays.asList(0.0, 0.5, null), List.of(1.0, 1.0), List.of(0.3));

        Double alpha = RunStatistics.judgeAgreement(units);

        assertThat(alpha).isCloseTo(8.0 / 11, within(1e-12));
        assertThat(alpha)
                .isEqualTo(InterRaterAgreement.krippendorffAlpha(
                        new double[][] {{0.0, 0.5}, {1.0, 1.0}}, InterRaterAgreement.Metric.INTERVAL));
    }

    @Test
    void judge_agreement_is_absent_when_every_score_is_the_same() {
        assertThat(RunStatistics.judgeAgreement(List.of(List.of(1.0, 1.0), List.of(1.0, 1.0))))
                .isNull();
    }

    @Test
    void case_weights_make_the_score_the_weighted_mean_of_the_per_case_means() {
        // means a 1.0, b 0.5, c 0.0 with weights 3, 1, (1): (3·1.0 + 1·0.5 + 1·0.0) / 5 = 0.7
        var weighted = RunStatistics.summarize("m1", false, EXAMPLE, 2, java.util.Map.of("a", 3.0), SEED);
        assertThat(weighted.score()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(weighted.scoreLow()).isLessThanOrEqualTo(weighted.score());
        assertThat(weighted.scoreHigh()).isGreaterThanOrEqualTo(weighted.score());
        // pass rate, latency and cost count trials, whatever the weights
        assertThat(weighted.passRate()).isEqualTo(example().passRate());
        assertThat(weighted.costPerCaseMicros()).isEqualTo(example().costPerCaseMicros());
    }

    @Test
    void weights_of_1_give_exactly_the_unweighted_summary() {
        assertThat(RunStatistics.summarize("m1", false, EXAMPLE, 2, java.util.Map.of("a", 1.0, "b", 1.0), SEED))
                .isEqualTo(example());
    }
}

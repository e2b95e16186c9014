package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Comparison;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Metric;
import io.benchmarkhub.domain.benchmark.DecisionCriterion.Severity;
import io.benchmarkhub.domain.run.RunComparison.Check;
import io.benchmarkhub.domain.run.RunComparison.Verdict;
import io.benchmarkhub.domain.statistics.PairedComparison;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunComparisonTest {

    private static final PairedComparison NO_DIFFERENCE =
            PairedComparison.of(new double[] {0.5, 0.7}, new double[] {0.5, 0.7}, 1);

    private static ModelSummary summary(String model, Double score, Double passRate, long costPerCase, Double p95) {
        return new ModelSummary(
                model,
                false,
                10,
                0,
                10,
                score,
                score,
                score,
                passRate,
                passRate,
                passRate,
                p95,
                p95,
                p95,
                costPerCase * 10,
                costPerCase,
                0,
                null);
    }

    private static DecisionCriterion criterion(Metric metric, Comparison op, double threshold, Severity severity) {
        return new DecisionCriterion(metric, op, threshold, severity);
    }

    private static final ModelSummary BASELINE = summary("base", 0.70, 0.80, 300, 900.0);

    @Test
    void every_criterion_met_ships() {
        var candidate = summary("cand", 0.85, 0.95, 400, 800.0);
        var decision = RunComparison.decide(
                List.of(
                        criterion(Metric.SCORE, Comparison.AT_LEAST, 0.8, Severity.MUST),
                        criterion(Metric.COST_PER_CASE_MICROS, Comparison.AT_MOST, 500, Severity.SHOULD)),
                BASELINE,
                candidate,
                NO_DIFFERENCE);
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP);
        assertThat(decision.checks()).extracting(Check::met).containsExactly(true, true);
        assertThat(decision.checks().get(1).actual()).isEqualTo(400.0);
        assertThat(decision.reasons()).containsExactly("all 2 decision criteria are met");
    }

    @Test
    void a_failed_should_ships_with_caveats_and_says_which() {
        var candidate = summary("cand", 0.85, 0.95, 400, 1200.0);
        var decision = RunComparison.decide(
                List.of(
                        criterion(Metric.SCORE, Comparison.AT_LEAST, 0.8, Severity.MUST),
                        criterion(Metric.LATENCY_P95_MS, Comparison.AT_MOST, 1000, Severity.SHOULD)),
                BASELINE,
                candidate,
                NO_DIFFERENCE);
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP_WITH_CAVEATS);
        assertThat(decision.reasons()).containsExactly("SHOULD latencyP95Ms <= 1000 is not met: latencyP95Ms is 1200");
    }

    @Test
    void a_failed_must_does_not_ship_even_when_everything_else_is_met() {
        // scoreDelta = 0.68 - 0.70 = -0.02, below the allowed -0.01
        var candidate = summary("cand", 0.68, 0.95, 100, 100.0);
        var decision = RunComparison.decide(
                List.of(
                        criterion(Metric.SCORE_DELTA, Comparison.AT_LEAST, -0.01, Severity.MUST),
                        criterion(Metric.PASS_RATE, Comparison.ABOVE, 0.9, Severity.SHOULD)),
                BASELINE,
                candidate,
                NO_DIFFERENCE);
        assertThat(decision.verdict()).isEqualTo(Verdict.DONT_SHIP);
        assertThat(decision.checks().get(0).actual()).isCloseTo(-0.02, within(1e-12));
        assertThat(decision.checks()).extracting(Check::met).containsExactly(false, true);
        assertThat(decision.reasons()).containsExactly("MUST scoreDelta >= -0.01 is not met: scoreDelta is -0.02");
    }

    @Test
    void a_strict_comparison_at_the_threshold_fails() {
        var candidate = summary("cand", 0.9, 0.9, 100, 100.0);
        var decision = RunComparison.decide(
                List.of(criterion(Metric.PASS_RATE, Comparison.ABOVE, 0.9, Severity.SHOULD)),
                BASELINE,
                candidate,
                NO_DIFFERENCE);
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP_WITH_CAVEATS);
    }

    @Test
    void a_criterion_without_data_counts_as_failed() {
        var unscored = summary("cand", null, null, 0, null);
        var decision = RunComparison.decide(
                List.of(criterion(Metric.SCORE, Comparison.AT_LEAST, 0.5, Severity.MUST)),
                BASELINE,
                unscored,
                NO_DIFFERENCE);
        assertThat(decision.verdict()).isEqualTo(Verdict.DONT_SHIP);
        assertThat(decision.checks().getFirst().actual()).isNull();
        assertThat(decision.reasons().getFirst())
                .isEqualTo("MUST score >= 0.5 cannot be checked: the run has no score for cand");
    }

    @Test
    void without_criteria_a_significantly_worse_candidate_does_not_ship() {
        // ten cases, every one 0.1 to 0.19 worse: exact sign-flip p = 2/1024, the interval below 0
        double[] baseline =
                IntStream.range(0, 10).mapToDouble(i -> 0.5 + i / 100.0).toArray();
        double[] candidate =
                IntStream.range(0, 10).mapToDouble(i -> 0.4 - i / 200.0).toArray();
        var paired = PairedComparison.of(baseline, candidate, 1);
        var decision = RunComparison.decide(List.of(), BASELINE, summary("cand", 0.4, 0.5, 1, 1.0), paired);
        assertThat(decision.verdict()).isEqualTo(Verdict.DONT_SHIP);
        assertThat(decision.reasons().getFirst())
                .startsWith("the run has no decision criteria")
                .contains("significantly worse")
                .contains("p = 0.001953")
                .contains("10 cases");
        assertThat(decision.checks()).isEmpty();
    }

    @Test
    void without_criteria_a_significantly_better_candidate_ships() {
        double[] baseline =
                IntStream.range(0, 10).mapToDouble(i -> 0.4 - i / 200.0).toArray();
        double[] candidate =
                IntStream.range(0, 10).mapToDouble(i -> 0.5 + i / 100.0).toArray();
        var decision = RunComparison.decide(null, BASELINE, BASELINE, PairedComparison.of(baseline, candidate, 1));
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP);
    }

    @Test
    void without_criteria_three_worse_cases_are_not_yet_significant() {
        // every sign vector of 3 differences: only all-minus and all-plus reach |sum| → p = 2/8, so not significant
        var paired = PairedComparison.of(new double[] {1, 1, 1}, new double[] {0.5, 0.6, 0.7}, 1);
        assertThat(paired.pValue()).isEqualTo(0.25);
        assertThat(paired.ci().upper()).isLessThan(0);
        var decision = RunComparison.decide(List.of(), BASELINE, BASELINE, paired);
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP_WITH_CAVEATS);
        assertThat(decision.reasons().getFirst()).contains("no significant difference");
    }

    @Test
    void without_criteria_and_without_a_shared_case_nothing_ships() {
        var paired = PairedComparison.of(new double[0], new double[0], 1);
        assertThat(RunComparison.decide(List.of(), BASELINE, BASELINE, paired).verdict())
                .isEqualTo(Verdict.DONT_SHIP);
    }

    @Test
    void the_rubric_reports_ideal_and_a_weighted_score_without_changing_the_verdict() {
        // the product plan's rubric, shrunk to this summary's metrics: candidate passRate 0.91, p95 1500 ms, cost 80k
        // µ$
        var candidate = summary("cand", 0.88, 0.91, 80_000, 1500.0);
        var decision = RunComparison.decide(
                List.of(
                        new DecisionCriterion(Metric.PASS_RATE, Comparison.AT_LEAST, 0.85, Severity.MUST, 0.90, 40.0),
                        new DecisionCriterion(
                                Metric.LATENCY_P95_MS, Comparison.BELOW, 2000, Severity.SHOULD, 1000.0, 25.0),
                        new DecisionCriterion(
                                Metric.COST_PER_CASE_MICROS,
                                Comparison.BELOW,
                                60_000,
                                Severity.SHOULD,
                                30_000.0,
                                20.0)),
                BASELINE,
                candidate,
                NO_DIFFERENCE);
        // passRate 0.91 >= 0.85 met, >= 0.90 ideal; p95 1500 < 2000 met, not < 1000; cost 80000 not < 60000, so neither
        assertThat(decision.checks()).extracting(Check::met).containsExactly(true, true, false);
        assertThat(decision.checks()).extracting(Check::idealMet).containsExactly(true, false, false);
        // met weights 40 + 25 over the total 85
        assertThat(decision.weightedScore()).isCloseTo(65.0 / 85.0, within(1e-12));
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP_WITH_CAVEATS);
    }

    @Test
    void lines_without_ideal_or_weight_report_neither() {
        var candidate = summary("cand", 0.85, 0.95, 400, 800.0);
        var decision = RunComparison.decide(
                List.of(
                        criterion(Metric.SCORE, Comparison.AT_LEAST, 0.8, Severity.MUST),
                        new DecisionCriterion(Metric.PASS_RATE, Comparison.AT_LEAST, 0.9, Severity.MUST, 0.99, null)),
                BASELINE,
                candidate,
                NO_DIFFERENCE);
        assertThat(decision.checks()).extracting(Check::idealMet).containsExactly(null, false);
        assertThat(decision.weightedScore()).isNull();
        assertThat(decision.verdict()).isEqualTo(Verdict.SHIP);
    }

    @Test
    void a_weighted_line_without_data_counts_as_unmet_and_weight_zero_lines_do_not_count() {
        var unscored = summary("cand", null, 0.95, 400, 800.0);
        var decision = RunComparison.decide(
                List.of(
                        new DecisionCriterion(Metric.SCORE, Comparison.AT_LEAST, 0.5, Severity.SHOULD, 0.8, 30.0),
                        new DecisionCriterion(Metric.PASS_RATE, Comparison.AT_LEAST, 0.9, Severity.SHOULD, null, 10.0),
                        new DecisionCriterion(
                                Metric.LATENCY_P95_MS, Comparison.AT_MOST, 10, Severity.SHOULD, null, 0.0)),
                BASELINE,
                unscored,
                NO_DIFFERENCE);
        assertThat(decision.checks()).extracting(Check::idealMet).containsExactly(false, null, null);
        // only passRate (10) is met, out of 30 + 10 + 0
        assertThat(decision.weightedScore()).isEqualTo(0.25);
    }

    @Test
    void numbers_in_reasons_are_short() {
        assertThat(RunComparison.format(1200)).isEqualTo("1200");
        assertThat(RunComparison.format(-0.020000000000000018)).isEqualTo("-0.02");
        assertThat(RunComparison.format(2.0 / 1024)).isEqualTo("0.001953");
    }

    @Test
    void pairs_only_the_cases_both_models_scored_in_case_order() {
        var paired = RunComparison.pairedOverCases(
                List.of("c1", "c2", "c3", "c4", "c5"),
                Map.of("c1", 0.5, "c2", 0.25, "c3", 1.0, "c5", 0.75),
                Map.of("c1", 0.75, "c3", 1.0, "c4", 0.0, "c5", 0.5),
                7);
        // c2 has no candidate score and c4 no baseline score: the pairs are c1, c3, c5 in that order
        assertThat(paired)
                .isEqualTo(PairedComparison.of(new double[] {0.5, 1.0, 0.75}, new double[] {0.75, 1.0, 0.5}, 7));
        assertThat(paired.n()).isEqualTo(3);
        assertThat(List.of(paired.won(), paired.lost(), paired.tied())).containsExactly(1, 1, 1);
    }

    @Test
    void a_case_outside_the_case_order_is_not_paired() {
        var paired = RunComparison.pairedOverCases(
                List.of("c1"), Map.of("c1", 0.5, "extra", 0.0), Map.of("c1", 1.0, "extra", 1.0), 7);
        assertThat(paired.n()).isEqualTo(1);
        assertThat(paired.meanDifference()).isEqualTo(0.5);
    }

    @Test
    void the_pairs_keep_the_case_order_the_draws_depend_on() {
        var base = Map.of("a", 0.0, "b", 0.2, "c", 0.9, "d", 0.4, "e", 0.1, "f", 0.6);
        var cand = Map.of("a", 1.0, "b", 0.1, "c", 0.95, "d", 0.8, "e", 0.7, "f", 0.3);
        assertThat(RunComparison.pairedOverCases(List.of("a", "b", "c", "d", "e", "f"), base, cand, 11))
                .isEqualTo(PairedComparison.of(
                        new double[] {0.0, 0.2, 0.9, 0.4, 0.1, 0.6}, new double[] {1.0, 0.1, 0.95, 0.8, 0.7, 0.3}, 11));
        assertThat(RunComparison.pairedOverCases(List.of("f", "e", "d", "c", "b", "a"), base, cand, 11))
                .isEqualTo(PairedComparison.of(
                        new double[] {0.6, 0.1, 0.4, 0.9, 0.2, 0.0}, new double[] {0.3, 0.7, 0.8, 0.95, 0.1, 1.0}, 11));
    }

    @Test
    void no_case_scored_by_both_gives_an_empty_comparison() {
        var paired = RunComparison.pairedOverCases(List.of("c1", "c2"), Map.of("c1", 0.5), Map.of("c2", 0.5), 7);
        assertThat(paired.n()).isZero();
        assertThat(paired.ci().isEmpty()).isTrue();
        assertThat(RunComparison.decide(List.of(), BASELINE, BASELINE, paired).verdict())
                .isEqualTo(Verdict.DONT_SHIP);
    }
}

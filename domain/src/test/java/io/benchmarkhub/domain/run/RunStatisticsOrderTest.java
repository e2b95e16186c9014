package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.statistics.WilsonInterval;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunStatisticsOrderTest {

    /** Three cases, two repeats: a = 1.0 and 0.5, b = a failed call and 1.0, c = 1.0 twice. */
    private static List<TrialOutcome> threeCasesTwice() {
        return List.of(
                new TrialOutcome("a", 1, false, 1.0, true, 100L, 10, 1),
                new TrialOutcome("a", 2, false, 0.5, false, 200L, 10, 1),
                new TrialOutcome("b", 1, true, 0.0, false, null, 0, 0),
                new TrialOutcome("b", 2, false, 1.0, true, 300L, 20, 0),
                new TrialOutcome("c", 1, false, 1.0, true, 400L, 5, 0),
                new TrialOutcome("c", 2, false, 1.0, true, 500L, 5, 0));
    }

    @Test
    void a_summary_averages_repeats_per_case_first_and_counts_every_settled_trial() {
        ModelSummary s = RunStatistics.summarize("m", false, threeCasesTwice(), 2, 42);
        // case means 0.75, 0.5, 1.0 → 0.75
        assertThat(s.score()).isCloseTo(0.75, within(1e-12));
        assertThat(s.scoreLow()).isBetween(0.5, 0.75);
        assertThat(s.scoreHigh()).isBetween(0.75, 1.0);
        // 4 of 6 scored trials passed (the failed call is a scored failure)
        assertThat(s.passRate()).isCloseTo(4.0 / 6, within(1e-12));
        var wilson = WilsonInterval.of(4, 6);
        assertThat(s.passRateLow()).isEqualTo(wilson.lower());
        assertThat(s.passRateHigh()).isEqualTo(wilson.upper());
        assertThat(s.trials()).isEqualTo(6);
        assertThat(s.scored()).isEqualTo(6);
        assertThat(s.failedCalls()).isEqualTo(1);
        // latencies of the five answers 100..500: p50 300, p95 = 400 + 0.8 * 100, p99 = 400 + 0.96 * 100
        assertThat(s.latencyP50Ms()).isEqualTo(300.0);
        assertThat(s.latencyP95Ms()).isCloseTo(480.0, within(1e-9));
        assertThat(s.latencyP99Ms()).isCloseTo(496.0, within(1e-9));
        // 50 micro-dollars over 3 cases = 16.67 → 17
        assertThat(s.costMicros()).isEqualTo(50);
        assertThat(s.costPerCaseMicros()).isEqualTo(17);
        assertThat(s.judgeCostMicros()).isEqualTo(2);
        // pass^2: a 0, b 0, c 1 → 1/3
        assertThat(s.passHatK()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void a_model_without_settled_trials_has_no_estimates() {
        ModelSummary s = RunStatistics.summarize("m", true, List.of(), 1, 1);
        assertThat(s.score()).isNull();
        assertThat(s.passRate()).isNull();
        assertThat(s.latencyP50Ms()).isNull();
        assertThat(s.passHatK()).isNull();
        assertThat(s.trials()).isZero();
        assertThat(s.simulated()).isTrue();
    }

    @Test
    void the_summary_does_not_depend_on_the_order_of_the_trials() {
        // the executor settles trials in completion order, the read side reads them in key order:
        // the bootstrap interval (which resamples by position) must come out the same
        var trials = new ArrayList<TrialOutcome>();
        var random = new Random(3);
        for (int c = 0; c < 12; c++) {
            for (int r = 1; r <= 2; r++) {
                double score = random.nextInt(5) / 4.0;
                trials.add(
                        new TrialOutcome("case-" + c, r, false, score, score >= 0.5, 100L + random.nextInt(900), 3, 1));
            }
        }
        ModelSummary expected = RunStatistics.summarize("m", false, trials, 2, 99);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(trials, random);
            assertThat(RunStatistics.summarize("m", false, trials, 2, 99)).isEqualTo(expected);
        }
    }

    @Test
    void judge_agreement_is_perfect_when_judges_agree_and_undefined_with_fewer_than_two_units() {
        assertThat(RunStatistics.judgeAgreement(List.of(List.of(1.0, 1.0), List.of(0.0, 0.0))))
                .isEqualTo(1.0);
        assertThat(RunStatistics.judgeAgreement(List.of(List.of(1.0, 0.0)))).isNull();
        // a unit with one successful verdict is not pairable
        java.util.List<Double> oneFailed = new ArrayList<>();
        oneFailed.add(0.4);
        oneFailed.add(null);
        assertThat(RunStatistics.judgeAgreement(List.of(List.of(1.0, 1.0), oneFailed)))
                .isNull();
    }

    @Test
    void judge_agreement_does_not_depend_on_the_order_of_units_or_of_judges() {
        var random = new Random(11);
        var units = new ArrayList<List<Double>>();
        for (int u = 0; u < 30; u++) {
            units.add(new ArrayList<>(
                    List.of(random.nextInt(11) / 10.0, random.nextInt(11) / 10.0, random.nextInt(11) / 10.0)));
        }
        Double expected = RunStatistics.judgeAgreement(units);
        assertThat(expected).isNotNull();
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(units, random);
            units.forEach(unit -> Collections.shuffle(unit, random));
            assertThat(RunStatistics.judgeAgreement(units)).isEqualTo(expected);
        }
    }

    @Test
    void the_seed_is_stable_for_a_run_id() {
        assertThat(RunStatistics.seed(new RunId("run_abc")))
                .isEqualTo(RunStatistics.seed(new RunId("run_abc")))
                .isNotEqualTo(RunStatistics.seed(new RunId("run_abd")));
    }
}

package io.benchmarkhub.domain.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.statistics.BootstrapCi;
import io.benchmarkhub.domain.statistics.Interval;
import io.benchmarkhub.domain.statistics.WilsonInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PooledEntryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static PooledEntry.Run run(String id, String user, int second, Double... means) {
        int scored = 0;
        int passed = 0;
        for (Double m : means) {
            if (m == null) continue;
            scored++;
            if (m >= 0.5) passed++;
        }
        return new PooledEntry.Run(id, user, T0.plusSeconds(second), 1, means, scored, passed, 100, 1000.0 + second);
    }

    @Test
    void an_entry_of_one_run_is_that_runs_own_summary_to_the_last_bit() {
        var caseIds = List.of("c1", "c2", "c3", "c4", "c5", "c10");
        var trials = new ArrayList<TrialOutcome>();
        double[][] scores = {{1, 0.5}, {0, 0}, {0.25, 1}, {1, 1}, {0.3, 0.6}, {0.9, 0.1}};
        for (int c = 0; c < caseIds.size(); c++) {
            for (int r = 0; r < 2; r++) {
                double s = scores[c][r];
                trials.add(new TrialOutcome(caseIds.get(c), r + 1, false, s, s >= 0.5, 100L, 7, 0));
            }
        }
        var id = new RunId("run_0001");
        ModelSummary own = RunStatistics.summarize("m", false, trials, 2, Map.of("c2", 3.0), RunStatistics.seed(id));
        List<Double> means = RunStatistics.caseMeans(caseIds, trials);
        // case-id order: c1, c10, c2, c3, c4, c5
        assertThat(means).hasSize(6);
        double[] expected = {0.75, 0.5, 0.0, 0.625, 1.0, 0.45};
        for (int i = 0; i < expected.length; i++) assertThat(means.get(i)).isCloseTo(expected[i], within(1e-15));
        double[] weights = {1, 1, 3, 1, 1, 1};

        var run = new PooledEntry.Run(
                id.value(),
                "u1",
                T0,
                1,
                means.toArray(Double[]::new),
                own.scored(),
                (int) Math.round(own.passRate() * own.scored()),
                own.costPerCaseMicros(),
                own.latencyP95Ms());
        PooledEntry entry = PooledEntry.of(List.of(run), 3, weights);

        assertThat(entry.score()).isEqualTo(new Interval(own.score(), own.scoreLow(), own.scoreHigh()));
        assertThat(entry.passRate()).isEqualTo(new Interval(own.passRate(), own.passRateLow(), own.passRateHigh()));
        assertThat(PooledEntry.estimate(List.of(run), 3, weights).score()).isEqualTo(own.score());
        assertThat(entry.trials()).isEqualTo(12);
        assertThat(entry.runs()).isEqualTo(1);
        assertThat(entry.cappedRuns()).isZero();
    }

    @Test
    void runs_are_pooled_case_by_case_and_every_counted_run_weighs_the_same() {
        var a = run("run_a", "u1", 1, 1.0, 0.0, 1.0, 0.0);
        var b = run("run_b", "u2", 2, 0.0, 0.0, 1.0, 1.0);
        PooledEntry entry = PooledEntry.of(List.of(b, a), 3, null);

        // case means ½, 0, 1, ½: their mean is ½, and the interval is the bootstrap of exactly those, seeded by the
        // first run
        Interval expected =
                BootstrapCi.ofMean(new double[] {0.5, 0.0, 1.0, 0.5}, RunStatistics.seed(new RunId("run_a")));
        assertThat(entry.score()).isEqualTo(expected);
        assertThat(entry.score().estimate()).isEqualTo(0.5);
        assertThat(PooledEntry.estimate(List.of(a, b), 3, null)).isEqualTo(new PooledEntry.Estimate(0.5, 4, 2));
        // passes: 2 of 4 and 2 of 4
        assertThat(entry.passRate()).isEqualTo(WilsonInterval.of(4, 8));
        assertThat(entry.trials()).isEqualTo(8);
        assertThat(entry.runs()).isEqualTo(2);
        assertThat(entry.users()).isEqualTo(2);
        assertThat(entry.latest().runId()).isEqualTo("run_b");
        // the median of 1001 and 1002 ms
        assertThat(entry.latencyP95Ms()).isEqualTo(1001.5);
    }

    @Test
    void a_case_scored_by_some_runs_only_has_their_mean_and_one_scored_by_none_is_left_out() {
        var a = run("run_a", "u1", 1, 1.0, null, null);
        var b = run("run_b", "u2", 2, 0.0, 0.5, null);
        PooledEntry entry = PooledEntry.of(List.of(a, b), 3, null);
        assertThat(entry.cases()).isEqualTo(2);
        assertThat(entry.score().estimate()).isEqualTo(0.5);
        assertThat(PooledEntry.of(List.of(run("run_c", "u1", 1, (Double) null)), 3, null))
                .isNull();
        assertThat(PooledEntry.estimate(List.of(), 3, null)).isNull();
    }

    @Test
    void each_user_counts_with_their_first_runs_only_so_later_runs_change_nothing() {
        var first = run("run_3", "u1", 1, 1.0, 1.0);
        var second = run("run_2", "u1", 2, 1.0, 1.0);
        var other = run("run_9", "u2", 3, 0.0, 0.0);
        var third = run("run_1", "u1", 4, 0.0, 0.0);
        var fourth = run("run_0", "u1", 5, 0.0, 0.0);
        List<PooledEntry.Run> all = List.of(fourth, third, other, second, first);

        assertThat(PooledEntry.counted(all, 2)).containsExactly(first, second, other);
        PooledEntry entry = PooledEntry.of(all, 2, null);
        assertThat(entry.score().estimate()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(entry.runs()).isEqualTo(3);
        assertThat(entry.users()).isEqualTo(2);
        assertThat(entry.cappedRuns()).isEqualTo(2);
        assertThat(entry.latest()).isEqualTo(other);
        // the same as without the capped runs
        assertThat(PooledEntry.of(List.of(first, second, other), 2, null).score())
                .isEqualTo(entry.score());
        // runs completed at the same instant are ordered by run id
        var tie = run("run_00", "u1", 1, 0.0, 0.0);
        assertThat(PooledEntry.counted(List.of(first, tie), 1)).containsExactly(tie);
    }

    @Test
    void case_weights_weigh_the_case_means_and_costs_are_the_runs_mean_rounded_half_up() {
        var a = new PooledEntry.Run("run_a", "u1", T0, 1, new Double[] {1.0, 0.0}, 2, 1, 101, null);
        var b = new PooledEntry.Run("run_b", "u2", T0.plusSeconds(1), 2, new Double[] {1.0, 0.5}, 2, 2, 100, null);
        double[] weights = {3, 1};
        PooledEntry entry = PooledEntry.of(List.of(a, b), 3, weights);
        // (3 × 1 + 1 × 0.25) / 4
        assertThat(entry.score().estimate()).isEqualTo(0.8125);
        assertThat(PooledEntry.estimate(List.of(a, b), 3, weights).score()).isEqualTo(0.8125);
        assertThat(entry.score())
                .isEqualTo(BootstrapCi.ofWeightedMean(
                        new double[] {1.0, 0.25}, weights, RunStatistics.seed(new RunId("run_a"))));
        assertThat(entry.costPerCaseMicros()).isEqualTo(101);
        assertThat(entry.latencyP95Ms()).isNull();
        assertThat(entry.latest().version()).isEqualTo(2);
    }
}

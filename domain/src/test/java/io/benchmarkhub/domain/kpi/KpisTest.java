package io.benchmarkhub.domain.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.kpi.KpiFacts.Charge;
import io.benchmarkhub.domain.kpi.KpiFacts.GradedPair;
import io.benchmarkhub.domain.kpi.KpiFacts.ModelAnswered;
import io.benchmarkhub.domain.kpi.KpiFacts.PublicBenchmark;
import io.benchmarkhub.domain.kpi.KpiFacts.Run;
import io.benchmarkhub.domain.kpi.KpiFacts.User;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KPI definitions (docs/leaderboards.md) on hand-built histories, with hand-computed figures. */
class KpisTest {

    private static Instant t(String iso) {
        return OffsetDateTime.parse(iso).toInstant();
    }

    private static KpiFacts facts(
            List<Run> runs,
            List<User> users,
            List<ModelAnswered> models,
            List<PublicBenchmark> benchmarks,
            List<GradedPair> graded,
            List<Charge> charges) {
        return new KpiFacts(runs, users, models, benchmarks, graded, charges);
    }

    private static KpiFacts runsOnly(Run... runs) {
        return facts(List.of(runs), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void iso_weeks_start_on_monday_at_midnight_utc_and_months_on_the_first() {
        // Sunday 2025-03-02 23:30 in New York is Monday 2025-03-03 04:30 UTC: the week of March 3rd
        assertThat(KpiPeriod.WEEK.startOf(t("2025-03-02T23:30:00-05:00"))).isEqualTo(t("2025-03-03T00:00:00Z"));
        // 2025-01-01 is a Wednesday: its ISO week began in December
        assertThat(KpiPeriod.WEEK.startOf(t("2025-01-01T12:00:00Z"))).isEqualTo(t("2024-12-30T00:00:00Z"));
        assertThat(KpiPeriod.MONTH.next(t("2024-02-01T00:00:00Z"))).isEqualTo(t("2024-03-01T00:00:00Z"));
        assertThat(Kpis.periodStarts(KpiPeriod.MONTH, t("2025-01-31T23:59:59Z"), t("2025-03-01T00:00:00Z")))
                .containsExactly(t("2025-01-01T00:00:00Z"), t("2025-02-01T00:00:00Z"));
    }

    @Test
    void runs_count_in_the_week_they_were_requested_and_success_in_the_week_they_ended() {
        var facts = runsOnly(
                new Run("r1", "u1", t("2025-03-03T00:00:00Z"), t("2025-03-03T00:00:10Z"), "COMPLETED", false),
                new Run("r2", "u1", t("2025-03-09T23:59:59Z"), t("2025-03-10T00:00:30Z"), "COMPLETED", false),
                new Run("r3", "u2", t("2025-03-04T00:00:00Z"), t("2025-03-04T00:00:20Z"), "COMPLETED", true),
                new Run("r4", "u2", t("2025-03-05T00:00:00Z"), t("2025-03-05T00:00:40Z"), "FAILED", false),
                new Run("r5", "u2", t("2025-03-06T00:00:00Z"), null, null, false));

        var weeks = Kpis.compute(facts, KpiPeriod.WEEK, t("2025-03-03T00:00:00Z"), t("2025-03-17T00:00:00Z"));

        assertThat(weeks).hasSize(2);
        assertThat(weeks.get(0).runsRequested()).isEqualTo(5);
        // ended in week 1: r1 (ok), r3 (completed but a call failed), r4 (failed); r2 ended in week 2
        assertThat(weeks.get(0).runSuccess()).isEqualTo(new PeriodKpis.Share(1, 3, 1.0 / 3));
        // 10 s, 20 s, 40 s: h = 2 × 0.95 = 1.9 → 20 + 0.9 × 20 = 38 s
        assertThat(weeks.get(0).p95TimeToResultsMs()).isCloseTo(38_000, within(1e-6));
        assertThat(weeks.get(1).runsRequested()).isZero();
        assertThat(weeks.get(1).runSuccess()).isEqualTo(new PeriodKpis.Share(1, 1, 1.0));
        assertThat(weeks.get(1).p95TimeToResultsMs()).isEqualTo(31_000.0); // one run of 31 s
    }

    @Test
    void an_empty_period_has_null_rates_not_zeros() {
        var week = Kpis.compute(runsOnly(), KpiPeriod.WEEK, t("2025-03-03T00:00:00Z"), t("2025-03-04T00:00:00Z"))
                .getFirst();
        assertThat(week.runSuccess().rate()).isNull();
        assertThat(week.p95TimeToResultsMs()).isNull();
        assertThat(week.forkRate().rate()).isNull();
        assertThat(week.judgeHumanCorrelation()).isEqualTo(new PeriodKpis.JudgeHumanCorrelation(null, null, 0));
        assertThat(week.creditMargin().margin()).isNull();
    }

    @Test
    void models_integrated_are_the_distinct_models_that_answered_in_the_period() {
        var facts = facts(
                List.of(),
                List.of(),
                List.of(
                        new ModelAnswered("a", t("2025-03-03T00:00:00Z")),
                        new ModelAnswered("a", t("2025-03-04T00:00:00Z")),
                        new ModelAnswered("b", t("2025-03-09T00:00:00Z")),
                        new ModelAnswered("c", t("2025-03-10T00:00:00Z"))),
                List.of(),
                List.of(),
                List.of());
        var weeks = Kpis.compute(facts, KpiPeriod.WEEK, t("2025-03-03T00:00:00Z"), t("2025-03-17T00:00:00Z"));
        assertThat(weeks).extracting(PeriodKpis::modelsIntegrated).containsExactly(2, 1);
    }

    @Test
    void fork_rate_is_the_share_of_benchmarks_public_by_the_period_end_that_were_forked_by_then() {
        var facts = facts(
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new PublicBenchmark("b1", t("2025-03-03T10:00:00Z"), t("2025-03-12T00:00:00Z")),
                        new PublicBenchmark("b2", t("2025-03-04T10:00:00Z"), null),
                        new PublicBenchmark("b3", t("2025-03-11T10:00:00Z"), t("2025-03-11T11:00:00Z")),
                        new PublicBenchmark("b4", t("2025-02-01T10:00:00Z"), t("2025-02-02T00:00:00Z"))),
                List.of(),
                List.of());
        var weeks = Kpis.compute(facts, KpiPeriod.WEEK, t("2025-03-03T00:00:00Z"), t("2025-03-17T00:00:00Z"));
        assertThat(weeks).extracting(PeriodKpis::publicBenchmarksCreated).containsExactly(2L, 1L);
        assertThat(weeks.get(0).forkRate()).isEqualTo(new PeriodKpis.Share(1, 3, 1.0 / 3)); // b4 only
        assertThat(weeks.get(1).forkRate()).isEqualTo(new PeriodKpis.Share(3, 4, 0.75)); // b1, b3, b4
    }

    @Test
    void d30_retention_groups_users_by_the_utc_month_of_their_first_run_across_month_ends() {
        var facts = facts(
                List.of(),
                List.of(
                        // first run on Jan 31st 23:30 UTC: January's cohort; Mar 2nd 23:30 is exactly 30 days later
                        new User("u1", t("2025-01-31T23:30:00Z"), t("2025-03-02T23:30:00Z")),
                        // 23:30 in New York on Jan 31st is Feb 1st 04:30 UTC: February's cohort, not January's
                        new User("u2", t("2025-01-31T23:30:00-05:00"), t("2025-03-03T05:00:00Z")),
                        // one minute short of 30 days
                        new User("u3", t("2025-01-02T00:00:00Z"), t("2025-01-31T23:59:00Z")),
                        // came back once, the same day
                        new User("u4", t("2025-01-15T00:00:00Z"), t("2025-01-15T00:00:00Z"))),
                List.of(),
                List.of(),
                List.of(),
                List.of());

        var months = Kpis.compute(facts, KpiPeriod.MONTH, t("2025-01-01T00:00:00Z"), t("2025-03-31T00:00:00Z"));

        assertThat(months).hasSize(3);
        assertThat(months.get(0).d30Retention()).isEqualTo(new PeriodKpis.Share(1, 3, 1.0 / 3));
        // February ended on March 1st: 30 days later is March 31st = `to`, so it is just old enough
        assertThat(months.get(1).d30Retention()).isEqualTo(new PeriodKpis.Share(1, 1, 1.0));
        // March ends on April 1st: too young
        assertThat(months.get(2).d30Retention()).isNull();
        var earlier = Kpis.compute(facts, KpiPeriod.MONTH, t("2025-01-01T00:00:00Z"), t("2025-03-30T23:59:59Z"));
        assertThat(earlier.get(1).d30Retention()).isNull();
    }

    @Test
    void judge_human_correlation_is_pearson_and_spearman_over_the_graded_pairs_of_the_period() {
        var facts = facts(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new GradedPair(t("2025-03-03T01:00:00Z"), 0.2, 0.1),
                        new GradedPair(t("2025-03-04T01:00:00Z"), 0.5, 0.6),
                        new GradedPair(t("2025-03-05T01:00:00Z"), 0.9, 0.8),
                        new GradedPair(t("2025-03-06T01:00:00Z"), 0.4, 0.7),
                        new GradedPair(t("2025-03-11T01:00:00Z"), 0.4, 0.7)),
                List.of());
        var weeks = Kpis.compute(facts, KpiPeriod.WEEK, t("2025-03-03T00:00:00Z"), t("2025-03-17T00:00:00Z"));
        var first = weeks.get(0).judgeHumanCorrelation();
        assertThat(first.n()).isEqualTo(4);
        assertThat(first.pearson()).isCloseTo(0.8011927448021529, within(1e-12)); // computed by hand (numpy agrees)
        assertThat(first.spearman()).isCloseTo(0.8, within(1e-12)); // ranks 1,3,4,2 vs 1,2,4,3: 1 − 6·2/(4·15)
        assertThat(weeks.get(1).judgeHumanCorrelation()).isEqualTo(new PeriodKpis.JudgeHumanCorrelation(null, null, 1));
    }

    @Test
    void credit_margin_converts_usd_cents_to_micro_dollars_and_is_null_without_revenue() {
        var facts = facts(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new Charge(t("2025-03-03T01:00:00Z"), 600_000, 100), // $1.00 revenue, $0.60 cost
                        new Charge(t("2025-03-04T01:00:00Z"), 150_000, 0), // paid by a grant: cost, no revenue
                        new Charge(t("2025-03-10T01:00:00Z"), 5_000, 0)));
        var weeks = Kpis.compute(facts, KpiPeriod.WEEK, t("2025-03-03T00:00:00Z"), t("2025-03-17T00:00:00Z"));
        assertThat(weeks.get(0).creditMargin()).isEqualTo(new PeriodKpis.CreditMargin(1_000_000, 750_000, 0.25));
        assertThat(weeks.get(1).creditMargin()).isEqualTo(new PeriodKpis.CreditMargin(0, 5_000, null));
    }
}

package io.benchmarkhub.api.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.run.RunComparison;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.query.run.RunViews;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trend computation on hand-made reports whose numbers are worked out below. */
class ReleaseTrendTest {

    private static RunViews.ModelView model(String id, long costMicros) {
        return new RunViews.ModelView(
                id,
                false,
                0.8,
                List.of(0.7, 0.9),
                0.8,
                List.of(0.7, 0.9),
                10,
                10,
                0,
                new RunViews.Latency(100.0, 200.0, 300.0),
                costMicros,
                costMicros / 10,
                0,
                null);
    }

    private static Watchers.BenchmarkReport benchmark(
            String model, double mean, double low, double high, long newCost, long prodCost) {
        var comparison = new RunViews.Comparison(
                "run_" + model,
                RunStatus.COMPLETED,
                "acme/prod",
                model,
                model("acme/prod", prodCost),
                model(model, newCost),
                new RunViews.Difference(10, mean, List.of(low, high), 0.04),
                3,
                2,
                5,
                List.of(),
                RunComparison.Verdict.SHIP_WITH_CAVEATS,
                List.of(),
                List.of(),
                null,
                List.of());
        return new Watchers.BenchmarkReport("bm_1", "STARTED", "run_" + model, 3L, null, null, comparison, List.of());
    }

    private static Watchers.Report report(
            String model, String vendor, int day, List<Watchers.BenchmarkReport> benchmarks) {
        return new Watchers.Report(
                model,
                "fake",
                vendor,
                Instant.parse("2026-12-01T00:00:00Z").plusSeconds(86_400L * day),
                "acme/prod",
                benchmarks,
                RunComparison.Verdict.SHIP_WITH_CAVEATS,
                true,
                false);
    }

    @Test
    void one_release_with_two_benchmarks_combines_their_intervals_and_costs() {
        // differences -0.02 (CI ±0.0392) and -0.04 (CI ±0.0784): mean -0.03
        var release = ReleaseTrend.release(report(
                "acme/a",
                "acme",
                0,
                List.of(
                        benchmark("acme/a", -0.02, -0.02 - 0.0392, -0.02 + 0.0392, 800, 1000),
                        benchmark("acme/a", -0.04, -0.04 - 0.0784, -0.04 + 0.0784, 800, 1000))));
        assertThat(release.benchmarks()).isEqualTo(2);
        assertThat(release.scoreDifference()).isCloseTo(-0.03, within(1e-12));
        // the half-widths add in quadrature (the 1.96s cancel), over the two benchmarks
        double half = Math.sqrt(0.0392 * 0.0392 + 0.0784 * 0.0784) / 2;
        assertThat(release.ci95().get(0)).isCloseTo(-0.03 - half, within(1e-6));
        assertThat(release.ci95().get(1)).isCloseTo(-0.03 + half, within(1e-6));
        // 1600 / 2000 - 1: 20% cheaper
        assertThat(release.relativeCostChange()).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void the_summary_averages_releases_with_a_t_interval_and_leaves_out_releases_without_results() {
        var pending = new Watchers.BenchmarkReport("bm_1", "CLAIMED", null, null, null, null, null, List.of());
        var trend = ReleaseTrend.of(
                "wch_1",
                "acme/prod",
                List.of(
                        // newest first, as reports come
                        report("acme/c", "acme", 3, List.of(pending)),
                        report("acme/b", "acme", 2, List.of(benchmark("acme/b", -0.03, -0.05, -0.01, 750, 1000))),
                        report("acme/a", "acme", 1, List.of(benchmark("acme/a", -0.01, -0.03, 0.01, 850, 1000))),
                        report("other/x", "other", 1, List.of(benchmark("other/x", 0.05, 0.01, 0.09, 1000, 0)))));
        assertThat(trend.vendors()).extracting(ReleaseTrend.VendorTrend::vendor).containsExactly("acme", "other");

        var acme = trend.vendors().getFirst();
        assertThat(acme.releases())
                .extracting(ReleaseTrend.TrendRelease::modelId)
                .containsExactly("acme/a", "acme/b", "acme/c");
        assertThat(acme.releases().get(2).scoreDifference()).isNull();
        assertThat(acme.releases().get(2).benchmarks()).isZero();
        var summary = acme.summary();
        assertThat(summary.n()).isEqualTo(2);
        assertThat(summary.meanScoreDifference()).isCloseTo(-0.02, within(1e-12));
        // sd of (-0.01, -0.03) is 0.01414…; t(1) = 12.706; half-width 12.706 × 0.01414 / √2 = 0.12706
        assertThat(summary.ci95().get(0)).isCloseTo(-0.02 - 0.127062047, within(1e-6));
        assertThat(summary.ci95().get(1)).isCloseTo(-0.02 + 0.127062047, within(1e-6));
        assertThat(summary.meanRelativeCostChange()).isCloseTo(-0.2, within(1e-12));
        assertThat(summary.costN()).isEqualTo(2);

        // one release: its own interval; a production model that cost nothing has no relative change
        var other = trend.vendors().get(1).summary();
        assertThat(other.n()).isEqualTo(1);
        assertThat(other.ci95()).containsExactly(0.01, 0.09);
        assertThat(other.meanRelativeCostChange()).isNull();
        assertThat(other.costN()).isZero();
    }

    @Test
    void t_quantiles_match_the_table_and_approach_the_normal_one() {
        assertThat(ReleaseTrend.tQuantile975(1)).isCloseTo(12.7062, within(1e-4));
        assertThat(ReleaseTrend.tQuantile975(10)).isCloseTo(2.2281, within(1e-4));
        assertThat(ReleaseTrend.tQuantile975(40)).isCloseTo(2.0211, within(1e-3));
        assertThat(ReleaseTrend.tQuantile975(120)).isCloseTo(1.9799, within(1e-3));
    }
}

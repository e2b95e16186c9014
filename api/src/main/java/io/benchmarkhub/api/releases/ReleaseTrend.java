package io.benchmarkhub.api.releases;

import io.benchmarkhub.domain.run.RunComparison;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.query.run.RunViews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trend over releases of a watcher (docs/releases.md#trend-over-releases): per vendor, each release's score difference
 * against the production model and its relative cost change, and what they average to across releases, so a team sees
 * "each new model from vendor X is 20% cheaper and 2 points worse here". Computed from the release reports alone, which
 * are the compare endpoint's answers, so the trend never says more than the reports do.
 */
final class ReleaseTrend {

    /** The 97.5% quantile of the normal distribution: a 95% two-sided interval. */
    private static final double Z = 1.959963984540054;

    /**
     * One release (a new model's report). {@code scoreDifference} is the mean over its benchmarks with a completed
     * comparison of the paired difference new − production, with a 95% interval; {@code relativeCostChange} is the new
     * model's cost over those benchmarks divided by the production model's, minus one (−0.2: 20% cheaper). Both are null
     * while no benchmark has completed ({@code benchmarks} 0).
     */
    public record TrendRelease(
            String modelId,
            Instant appearedAt,
            int benchmarks,
            Double scoreDifference,
            List<Double> ci95,
            Double relativeCostChange,
            RunComparison.Verdict verdict) {}

    /**
     * Across the vendor's releases that have a score difference: {@code n} of them, their mean score difference with a 95%
     * interval (Student's t over the releases when n ≥ 2: how far the next release may land, from how much they vary; the
     * one release's own interval when n = 1), and the mean of their relative cost changes ({@code costN} releases had one).
     */
    public record TrendSummary(
            int n, Double meanScoreDifference, List<Double> ci95, Double meanRelativeCostChange, int costN) {}

    public record VendorTrend(String vendor, List<TrendRelease> releases, TrendSummary summary) {}

    public record WatcherTrend(String watcherId, String productionModel, List<VendorTrend> vendors) {}

    private ReleaseTrend() {}

    static WatcherTrend of(String watcherId, String productionModel, List<Watchers.Report> reports) {
        Map<String, List<TrendRelease>> byVendor = new TreeMap<>();
        for (Watchers.Report report : reports)
            byVendor.computeIfAbsent(report.vendor(), v -> new ArrayList<>()).add(release(report));
        var vendors = new ArrayList<VendorTrend>();
        for (var entry : byVendor.entrySet()) {
            List<TrendRelease> releases = entry.getValue().stream()
                    .sorted(Comparator.comparing(TrendRelease::appearedAt).thenComparing(TrendRelease::modelId))
                    .toList();
            vendors.add(new VendorTrend(entry.getKey(), releases, summary(releases)));
        }
        return new WatcherTrend(watcherId, productionModel, vendors);
    }

    static TrendRelease release(Watchers.Report report) {
        var differences = new ArrayList<RunViews.Difference>();
        long candidateCost = 0;
        long productionCost = 0;
        for (Watchers.BenchmarkReport benchmark : report.benchmarks()) {
            RunViews.Comparison comparison = benchmark.comparison();
            if (comparison == null
                    || comparison.status() != RunStatus.COMPLETED
                    || comparison.difference() == null
                    || comparison.difference().mean() == null) {
                continue;
            }
            differences.add(comparison.difference());
            candidateCost += comparison.candidateSummary().costMicros();
            productionCost += comparison.baselineSummary().costMicros();
        }
        if (differences.isEmpty())
            return new TrendRelease(report.modelId(), report.appearedAt(), 0, null, null, null, report.verdict());
        int k = differences.size();
        double mean =
                differences.stream().mapToDouble(RunViews.Difference::mean).sum() / k;
        List<Double> ci;
        if (k == 1) {
            ci = differences.getFirst().ci95();
        } else if (differences.stream().anyMatch(d -> d.ci95() == null)) {
            ci = null;
        } else {
            // each benchmark's interval read as a normal one (half-width 1.96 standard errors); the benchmarks are
            // independent runs
            double variance = 0;
            for (var d : differences) {
                double se = (d.ci95().get(1) - d.ci95().get(0)) / (2 * Z);
                variance += se * se;
            }
            double half = Z * Math.sqrt(variance) / k;
            ci = List.of(mean - half, mean + half);
        }
        Double cost = productionCost > 0 ? (double) candidateCost / productionCost - 1 : null;
        return new TrendRelease(report.modelId(), report.appearedAt(), k, mean, ci, cost, report.verdict());
    }

    static TrendSummary summary(List<TrendRelease> releases) {
        List<TrendRelease> scored =
                releases.stream().filter(r -> r.scoreDifference() != null).toList();
        List<Double> costs = releases.stream()
                .map(TrendRelease::relativeCostChange)
                .filter(c -> c != null)
                .toList();
        Double meanCost = costs.isEmpty()
                ? null
                : costs.stream().mapToDouble(Double::doubleValue).sum() / costs.size();
        int n = scored.size();
        if (n == 0) return new TrendSummary(0, null, null, meanCost, costs.size());
        double mean = scored.stream().mapToDouble(TrendRelease::scoreDifference).sum() / n;
        if (n == 1) return new TrendSummary(1, mean, scored.getFirst().ci95(), meanCost, costs.size());
        double ss = 0;
        for (TrendRelease r : scored) ss += (r.scoreDifference() - mean) * (r.scoreDifference() - mean);
        double half = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        return new TrendSummary(n, mean, List.of(mean - half, mean + half), meanCost, costs.size());
    }

    private static final double[] T975 = {
        12.706204736,
        4.302652730,
        3.182446305,
        2.776445105,
        2.570581836,
        2.446911851,
        2.364624252,
        2.306004135,
        2.262157163,
        2.228138852,
        2.200985160,
        2.178812830,
        2.160368656,
        2.144786688,
        2.131449546,
        2.119905299,
        2.109815578,
        2.100922040,
        2.093024054,
        2.085963447,
        2.079613845,
        2.073873068,
        2.068657610,
        2.063898562,
        2.059538553,
        2.055529439,
        2.051830516,
        2.048407142,
        2.045229642,
        2.042272456
    };

    /** Student's t 97.5% quantile: exact to 9 digits up to 30 degrees of freedom, Cornish–Fisher (error below 1e-4) above. */
    static double tQuantile975(int df) {
        if (df < 1) throw new IllegalArgumentException("df " + df);
        if (df <= T975.length) return T975[df - 1];
        double z = Z;
        return z + (z * z * z + z) / (4.0 * df) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * df * df);
    }
}

package io.benchmarkhub.domain.leaderboard;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.statistics.BootstrapCi;
import io.benchmarkhub.domain.statistics.Interval;
import io.benchmarkhub.domain.statistics.Percentiles;
import io.benchmarkhub.domain.statistics.WilsonInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One model's entry on a public leaderboard, pooled from every run in the canonical configuration on one content
 * (docs/leaderboards.md, ADR 0016):
 * <ol>
 *   <li><b>Which runs count</b>: in order of completion (then run id), each user's first {@code maxRunsPerUser}; the
 *       user's later runs are left out ({@code cappedRuns}). So no account has more than that many runs in an entry,
 *       and no run, by anyone, ever displaces one that counts.</li>
 *   <li><b>Each case's mean</b>: the mean over the counted runs of that run's mean on the case (its repeats averaged
 *       first). Every counted run weighs the same in every case; a case that no counted run scored is left out.</li>
 *   <li><b>Score and interval</b>: the (case-weighted) mean of those case means and its seeded bootstrap 95% interval
 *       over cases ({@link BootstrapCi}), seeded by the first counted run, so an entry of one run shows exactly that
 *       run's own score and interval. More runs average out each case's noise, so the interval narrows; it never
 *       narrows below what the cases themselves vary by.</li>
 *   <li><b>Pass rate</b>: Wilson 95% interval over the counted runs' scored trials; cost per case the mean of the
 *       runs' costs per case (half up); p95 latency the median of the runs' p95s (the raw latencies are not kept).</li>
 * </ol>
 */
public record PooledEntry(
        Interval score,
        Interval passRate,
        int cases,
        int trials,
        int runs,
        int users,
        int cappedRuns,
        long costPerCaseMicros,
        Double latencyP95Ms,
        Run latest) {

    /**
     * One model's result in one completed run in the canonical configuration.
     *
     * @param caseMeans each case's mean score in case-id order ({@code RunCompleted.caseMeans}), null where nothing scored
     * @param scored    the model's scored trials in the run
     * @param passed    of those, the ones that passed
     */
    public record Run(
            String runId,
            String requestedBy,
            Instant completedAt,
            long version,
            Double[] caseMeans,
            int scored,
            int passed,
            long costPerCaseMicros,
            Double latencyP95Ms) {}

    private static final Comparator<Run> COMPLETION =
            Comparator.comparing(Run::completedAt).thenComparing(Run::runId);

    /** The runs that count: each user's first {@code maxRunsPerUser}, in order of completion. */
    public static List<Run> counted(List<Run> runs, int maxRunsPerUser) {
        if (maxRunsPerUser < 1) throw new IllegalArgumentException("maxRunsPerUser must be at least 1");
        var perUser = new HashMap<String, Integer>();
        var counted = new ArrayList<Run>();
        for (Run run : runs.stream().sorted(COMPLETION).toList()) {
            if (perUser.merge(run.requestedBy(), 1, Integer::sum) <= maxRunsPerUser) counted.add(run);
        }
        return counted;
    }

    /**
     * The entry of {@code runs} (all of one model on one content), or null when none has a scored case.
     *
     * @param caseWeights the weight of each case in case-id order, as the content pins them; null when all weigh 1
     */
    public static PooledEntry of(List<Run> runs, int maxRunsPerUser, double[] caseWeights) {
        List<Run> counted = counted(runs, maxRunsPerUser);
        CaseMeans means = caseMeans(counted, caseWeights);
        if (means == null) return null;
        Run first = counted.getFirst();
        long seed = RunStatistics.seed(new RunId(first.runId()));
        Interval score = means.weights() == null
                ? BootstrapCi.ofMean(means.values(), seed)
                : BootstrapCi.ofWeightedMean(means.values(), means.weights(), seed);
        int scored = 0;
        int passed = 0;
        long costs = 0;
        var p95s = new ArrayList<Double>();
        var users = new LinkedHashSet<String>();
        for (Run run : counted) {
            scored += run.scored();
            passed += run.passed();
            costs += run.costPerCaseMicros();
            if (run.latencyP95Ms() != null) p95s.add(run.latencyP95Ms());
            users.add(run.requestedBy());
        }
        double latency = Percentiles.quantile(
                p95s.stream().mapToDouble(Double::doubleValue).toArray(), 0.5, Percentiles.Method.LINEAR);
        return new PooledEntry(
                score,
                WilsonInterval.of(passed, scored),
                means.values().length,
                scored,
                counted.size(),
                users.size(),
                runs.size() - counted.size(),
                RunStatistics.perCase(costs, counted.size()),
                Double.isNaN(latency) ? null : latency,
                counted.getLast());
    }

    /** An entry's score, the number of cases it has a mean for and the number of runs counted (within the cap). */
    public record Estimate(double score, int cases, int runs) {}

    /**
     * The entry's score alone, without the bootstrap (the global ranking and the contamination detector need only
     * that): exactly {@code of(runs, maxRunsPerUser, caseWeights).score().estimate()}; null when no case is scored.
     */
    public static Estimate estimate(List<Run> runs, int maxRunsPerUser, double[] caseWeights) {
        List<Run> counted = counted(runs, maxRunsPerUser);
        CaseMeans means = caseMeans(counted, caseWeights);
        if (means == null) return null;
        double[] values = means.values();
        double sum = 0;
        if (means.weights() == null) {
            // as Samples.mean, which the bootstrap's estimate is
            for (double v : values) sum += v;
            return new Estimate(sum / values.length, values.length, counted.size());
        }
        // as BootstrapCi.ofWeightedMean's estimate
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            sum += means.weights()[i] * values[i];
            total += means.weights()[i];
        }
        return new Estimate(sum / total, values.length, counted.size());
    }

    /** The cases scored in the pool: their means, and their weights (null when all weigh 1). */
    private record CaseMeans(double[] values, double[] weights) {}

    private static CaseMeans caseMeans(List<Run> counted, double[] caseWeights) {
        if (counted.isEmpty()) return null;
        int cases = counted.stream().mapToInt(r -> r.caseMeans().length).max().orElse(0);
        var values = new ArrayList<Double>();
        var weights = new ArrayList<Double>();
        boolean weighted = false;
        for (int i = 0; i < cases; i++) {
            var scores = new ArrayList<Double>(counted.size());
            for (Run run : counted) {
                if (i < run.caseMeans().length && run.caseMeans()[i] != null) scores.add(run.caseMeans()[i]);
            }
            if (scores.isEmpty()) continue;
            // one run: its own case mean, unchanged, so the entry equals the run's own summary to the last bit
            values.add(
                    scores.size() == 1
                            ? scores.getFirst()
                            : scores.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .average()
                                    .orElseThrow());
            double weight = caseWeights == null || i >= caseWeights.length ? 1.0 : caseWeights[i];
            weighted |= weight != 1.0;
            weights.add(weight);
        }
        if (values.isEmpty()) return null;
        return new CaseMeans(
                values.stream().mapToDouble(Double::doubleValue).toArray(),
                weighted ? weights.stream().mapToDouble(Double::doubleValue).toArray() : null);
    }
}

package io.benchmarkhub.domain.run;

import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.statistics.BootstrapCi;
import io.benchmarkhub.domain.statistics.InterRaterAgreement;
import io.benchmarkhub.domain.statistics.Interval;
import io.benchmarkhub.domain.statistics.PassHatK;
import io.benchmarkhub.domain.statistics.Percentiles;
import io.benchmarkhub.domain.statistics.WilsonInterval;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's summary from its settled trials, the same on the command side ({@code RunCompleted}) and the
 * read side (progress while running). Repeats of a case are averaged first, so the bootstrap resamples
 * cases, the unit that is independent; the seed comes from the run id, so a run's interval never changes.
 */
public final class RunStatistics {

    private static final Comparator<TrialOutcome> TRIAL_ORDER =
            Comparator.comparing(TrialOutcome::caseId).thenComparingInt(TrialOutcome::repeat);

    private RunStatistics() {}

    /** The bootstrap seed of a run: stable for a run id, different between runs. */
    public static long seed(RunId runId) {
        return runId.value().hashCode() * 0x9E3779B97F4A7C15L;
    }

    /**
     * The trials may come in any order (the executor settles them as calls finish, the read side reads them by key):
     * they are put in (case, repeat) order first, because the bootstrap resamples by position.
     */
    public static ModelSummary summarize(
            String model, boolean simulated, List<TrialOutcome> trials, int repeats, long seed) {
        return summarize(model, simulated, trials, repeats, Map.of(), seed);
    }

    /**
     * @param caseWeights the weight of each case that does not weigh {@value TestCase#DEFAULT_WEIGHT}: the score is then
     *                    the weighted mean of the per-case means (and its interval a weighted bootstrap over cases);
     *                    pass rate, pass^k, latency and cost still count trials
     */
    public static ModelSummary summarize(
            String model,
            boolean simulated,
            List<TrialOutcome> trials,
            int repeats,
            Map<String, Double> caseWeights,
            long seed) {
        trials = trials.stream().sorted(TRIAL_ORDER).toList();
        var scoresByCase = new LinkedHashMap<String, List<Double>>();
        var passesByCase = new LinkedHashMap<String, int[]>();
        var latencies = new ArrayList<Long>();
        int failedCalls = 0;
        int scored = 0;
        int passed = 0;
        long cost = 0;
        long judgeCost = 0;
        var cases = new HashSet<String>();
        for (TrialOutcome trial : trials) {
            cases.add(trial.caseId());
            cost += trial.costMicros();
            judgeCost += trial.judgeCostMicros();
            if (trial.failedCall()) failedCalls++;
            if (trial.latencyMs() != null) latencies.add(trial.latencyMs());
            if (trial.score() == null) continue;
            scored++;
            if (Boolean.TRUE.equals(trial.passed())) passed++;
            scoresByCase
                    .computeIfAbsent(trial.caseId(), id -> new ArrayList<>())
                    .add(trial.score());
            int[] counts = passesByCase.computeIfAbsent(trial.caseId(), id -> new int[2]);
            counts[0]++;
            if (Boolean.TRUE.equals(trial.passed())) counts[1]++;
        }

        double[] caseMeans = scoresByCase.values().stream()
                .mapToDouble(s ->
                        s.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .toArray();
        double[] weights = scoresByCase.keySet().stream()
                .mapToDouble(id -> caseWeights.getOrDefault(id, TestCase.DEFAULT_WEIGHT))
                .toArray();
        boolean unweighted = Arrays.stream(weights).allMatch(w -> w == TestCase.DEFAULT_WEIGHT);
        Interval score = scoresByCase.isEmpty()
                ? Interval.EMPTY
                : unweighted
                        ? BootstrapCi.ofMean(caseMeans, seed)
                        : BootstrapCi.ofWeightedMean(caseMeans, weights, seed);
        Interval passRate = scored == 0 ? Interval.EMPTY : WilsonInterval.of(passed, scored);
        Percentiles latency =
                Percentiles.of(latencies.stream().mapToLong(Long::longValue).toArray());
        Double passHatK = null;
        if (repeats > 1) {
            var complete = passesByCase.values().stream()
                    .filter(c -> c[0] == repeats)
                    .map(c -> new PassHatK.CaseRepeats(c[0], c[1]))
                    .toList();
            if (!complete.isEmpty()) passHatK = PassHatK.passHatK(complete, repeats);
        }
        return new ModelSummary(
                model,
                simulated,
                trials.size(),
                failedCalls,
                scored,
                orNull(score.estimate()),
                orNull(score.lower()),
                orNull(score.upper()),
                orNull(passRate.estimate()),
                orNull(passRate.lower()),
                orNull(passRate.upper()),
                orNull(latency.p50()),
                orNull(latency.p95()),
                orNull(latency.p99()),
                cost,
                perCase(cost, cases.size()),
                judgeCost,
                passHatK);
    }

    /**
     * Each case's mean score over its scored trials, for every case of the run in case-id order (the order
     * {@link #summarize} bootstraps in), null for a case that no trial scored. The score of
     * {@link #summarize} is the (weighted) mean of the non-null values; leaderboards pool these across runs.
     */
    public static List<Double> caseMeans(List<String> caseIds, List<TrialOutcome> trials) {
        var scoresByCase = new HashMap<String, List<Double>>();
        for (TrialOutcome trial : trials.stream().sorted(TRIAL_ORDER).toList()) {
            if (trial.score() != null)
                scoresByCase
                        .computeIfAbsent(trial.caseId(), id -> new ArrayList<>())
                        .add(trial.score());
        }
        var means = new ArrayList<Double>(caseIds.size());
        for (String caseId : caseIds.stream().sorted().toList()) {
            List<Double> scores = scoresByCase.get(caseId);
            // averaged exactly as summarize averages them, so the two agree to the last bit
            means.add(
                    scores == null
                            ? null
                            : scores.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .average()
                                    .orElseThrow());
        }
        return means;
    }

    /**
     * Krippendorff's alpha (interval metric) over the judges' successful scores; each unit is one
     * (trial, LLM-judge grader) with its judges' scores. Null when fewer than two units have two scores
     * or when every score is the same (alpha is undefined then). Units and the scores within them may come in
     * any order; they are sorted first so that every order gives the same value to the last bit.
     */
    public static Double judgeAgreement(List<List<Double>> scoresByUnit) {
        var units = new ArrayList<double[]>();
        for (List<Double> unit : scoresByUnit) {
            double[] values = unit.stream()
                    .filter(v -> v != null)
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            if (values.length >= 2) units.add(values);
        }
        units.sort(Arrays::compare);
        if (units.size() < 2) return null;
        double alpha = InterRaterAgreement.krippendorffAlpha(
                units.toArray(double[][]::new), InterRaterAgreement.Metric.INTERVAL);
        return orNull(alpha);
    }

    /** {@code total / cases} rounded half up, in integer arithmetic; 0 with no case. */
    public static long perCase(long totalMicros, int cases) {
        if (cases == 0) return 0;
        return BigDecimal.valueOf(totalMicros)
                .divide(BigDecimal.valueOf(cases), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}

package io.benchmarkhub.domain.integrity;

import io.benchmarkhub.domain.leaderboard.AdditiveFit;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.domain.leaderboard.ScoreTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flags (benchmark, model) pairs where a model scores far above what its strength and the benchmark's difficulty
 * predict, the signature of a benchmark leaked into its training data.
 * <ol>
 *   <li>Fit {@code score ≈ overall + benchmarkEffect + modelEffect} by median polish ({@link AdditiveFit}): the
 *       pair's {@code expected} score, and its residual {@code r = observed − expected}.</li>
 *   <li>A score over n cases is noisy by itself: divide r by the binomial standard error
 *       {@code se = √(p(1−p)/n)}, p the expected score held in [0.05, 0.95], giving {@code u = r / se}.</li>
 *   <li>The model's own spread, robustly: {@code s = max(1, 1.4826 × b(n) × MAD(u))} over the model's n pairs (MAD is
 *       the median absolute deviation from the median; 1.4826 makes it σ for normal residuals, b(n) corrects its
 *       small-sample bias; never less than the sampling noise alone).</li>
 *   <li>The expectation has its own error: {@code f = √(1 + (π/2)(1/(k_b − 1) + 1/(k_m − 1)))} with k_b the models
 *       on the benchmark and k_m the model's benchmarks. The pair's {@code σ = s × se × f} and {@code z = r / σ}.</li>
 *   <li>Flag when {@code z > zThreshold} (one-sided: only scores above expectation) and the evidence suffices: the
 *       score has at least {@code minCases} cases, the model has scores on at least {@code minBenchmarksPerModel}
 *       benchmarks and the benchmark has scores of at least {@code minModelsPerBenchmark} models.</li>
 * </ol>
 */
public final class ContaminationDetector {

    /** 1 / Φ⁻¹(3/4): scales a MAD to the standard deviation of a normal distribution. */
    public static final double MAD_TO_SIGMA = 1.4826;

    static final double SCORE_FLOOR = 0.05;

    /**
     * The evidence a flag needs, the z above which it is raised, and the z at or below which an open flag is cleared
     * (lower, so a pair near the line is not raised and cleared in turn).
     */
    public record Evidence(
            int minCases, int minBenchmarksPerModel, int minModelsPerBenchmark, double zThreshold, double zClear) {

        public static final Evidence DEFAULT = new Evidence(20, 5, 3, 3.0, 2.0);

        public Evidence {
            if (minCases < 1 || minBenchmarksPerModel < 2 || minModelsPerBenchmark < 2 || !(zThreshold > 0)) {
                throw new IllegalArgumentException(
                        "evidence thresholds must be positive, and at least 2 benchmarks per model and models per benchmark");
            }
            if (!(zClear < zThreshold))
                throw new IllegalArgumentException("the clearing z must be below the raising z");
        }

        /** Whether the pair's figures rest on enough cases, benchmarks and models to judge it either way. */
        public boolean suffices(Flag pair) {
            return pair.cases() >= minCases
                    && pair.benchmarksForModel() >= minBenchmarksPerModel
                    && pair.modelsForBenchmark() >= minModelsPerBenchmark;
        }

        /** A flag is raised: z above the threshold, with enough evidence. */
        public boolean raises(Flag pair) {
            return pair.zScore() > zThreshold && suffices(pair);
        }

        /** An open flag is cleared: z at or below the clearing threshold, with enough evidence. */
        public boolean clears(Flag pair) {
            return pair.zScore() <= zClear && suffices(pair);
        }
    }

    /** A suspected pair, with everything needed to judge it. */
    public record Flag(
            String benchmarkId,
            String model,
            double observed,
            double expected,
            double sigma,
            double zScore,
            int cases,
            int benchmarksForModel,
            int modelsForBenchmark) {}

    /** Every pair whose z exceeds the threshold with enough evidence, highest z first. At most one score per pair. */
    public static List<Flag> detect(List<BenchmarkScore> scores, Evidence evidence) {
        var flags = new ArrayList<Flag>();
        for (Flag candidate : analyse(scores)) {
            if (evidence.raises(candidate)) flags.add(candidate);
        }
        flags.sort(Comparator.comparingDouble(Flag::zScore)
                .reversed()
                .thenComparing(Flag::benchmarkId)
                .thenComparing(Flag::model));
        return flags;
    }

    /** Every pair with its expected score, σ and z, in (benchmark, model) order. */
    public static List<Flag> analyse(List<BenchmarkScore> scores) {
        var logits = scores.stream()
                .map(s -> new BenchmarkScore(s.benchmarkId(), s.model(), logit(s.score(), s.cases()), s.cases()))
                .toList();
        var table = new ScoreTable(logits);
        if (table.isEmpty()) return List.of();
        AdditiveFit fit = table.fit();
        int models = table.models().size();
        int[] benchmarksPerModel = new int[models];
        int[] modelsPerBenchmark = new int[table.benchmarks().size()];
        double[] expected = new double[table.size()];
        double[] standardError = new double[table.size()];
        var standardized = new ArrayList<List<Double>>();
        for (int j = 0; j < models; j++) standardized.add(new ArrayList<>());
        for (int k = 0; k < table.size(); k++) {
            int m = table.modelOf(k);
            benchmarksPerModel[m]++;
            modelsPerBenchmark[table.benchmarkOf(k)]++;
            expected[k] = fit.fitted(table.benchmarkOf(k), m);
            standardError[k] = samplingError(expected[k], table.cell(k).cases());
            standardized.get(m).add(fit.residuals()[k] / standardError[k]);
        }
        double[] spread = new double[models];
        for (int j = 0; j < models; j++) {
            double[] u = standardized.get(j).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            spread[j] = Math.max(1, MAD_TO_SIGMA * smallSampleFactor(u.length) * mad(u));
        }
        var observed = new java.util.HashMap<String, Double>();
        scores.forEach(s -> observed.put(s.benchmarkId() + "\u0000" + s.model(), s.score()));
        var result = new ArrayList<Flag>(table.size());
        for (int k = 0; k < table.size(); k++) {
            BenchmarkScore cell = table.cell(k);
            int m = table.modelOf(k);
            int b = table.benchmarkOf(k);
            double p = logistic(expected[k]);
            double sigmaLogit =
                    spread[m] * standardError[k] * fitErrorFactor(modelsPerBenchmark[b], benchmarksPerModel[m]);
            // σ back on the score scale by the delta method: d logistic / d logit = p(1 − p)
            result.add(new Flag(
                    cell.benchmarkId(),
                    cell.model(),
                    observed.get(cell.benchmarkId() + "\u0000" + cell.model()),
                    p,
                    sigmaLogit * p * (1 - p),
                    fit.residuals()[k] / sigmaLogit,
                    cell.cases(),
                    benchmarksPerModel[m],
                    modelsPerBenchmark[b]));
        }
        return result;
    }

    /**
     * Croux and Rousseeuw's (1992) small-sample factor for the MAD of n values: the MAD of few normal values
     * underestimates σ (table for n ≤ 9, {@code n / (n − 0.8)} above).
     */
    static double smallSampleFactor(int n) {
        return n > 9 ? n / (n - 0.8) : SMALL_SAMPLE_FACTORS[Math.max(n, 0)];
    }

    private static final double[] SMALL_SAMPLE_FACTORS = {1, 1, 1.196, 1.495, 1.363, 1.206, 1.200, 1.140, 1.129, 1.107};

    /**
     * The expectation is itself estimated: from the medians of the benchmark's other {@code modelsOnBenchmark − 1}
     * cells and the model's other {@code benchmarksOfModel − 1} cells. A median of k values with noise σ has variance
     * ≈ (π/2)σ²/k, so the residual's spread is σ × √(1 + (π/2)(1/(k_b − 1) + 1/(k_m − 1))) rather than σ.
     */
    static double fitErrorFactor(int modelsOnBenchmark, int benchmarksOfModel) {
        return Math.sqrt(1
                + Math.PI / 2 * (1.0 / Math.max(1, modelsOnBenchmark - 1) + 1.0 / Math.max(1, benchmarksOfModel - 1)));
    }

    /** The empirical logit of a score over n cases, {@code ln((x + ½) / (n − x + ½))} with {@code x = score × n}: finite at 0 and 1. */
    static double logit(double score, int cases) {
        double n = Math.max(cases, 1);
        double x = Math.min(Math.max(score, 0), 1) * n;
        return Math.log((x + 0.5) / (n - x + 0.5));
    }

    static double logistic(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    /**
     * The standard error of an empirical logit over {@code cases} cases, {@code 1 / √(n p (1 − p))} at the expected
     * pass rate p, held inside [{@value #SCORE_FLOOR}, 1 − {@value #SCORE_FLOOR}].
     */
    static double samplingError(double expectedLogit, int cases) {
        double p = Math.min(Math.max(logistic(expectedLogit), SCORE_FLOOR), 1 - SCORE_FLOOR);
        return 1 / Math.sqrt(Math.max(cases, 1) * p * (1 - p));
    }

    /** Median absolute deviation from the median. */
    static double mad(double[] values) {
        double center = AdditiveFit.median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i] - center);
        return AdditiveFit.median(deviations);
    }

    private ContaminationDetector() {}
}

package io.benchmarkhub.domain.leaderboard;

import io.benchmarkhub.domain.statistics.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The global model ranking: each model's strength is {@code overall + modelEffect} of the additive fit over all
 * benchmark scores ({@link AdditiveFit}), i.e. its expected score on a benchmark of median difficulty. Because each
 * benchmark's difficulty is fitted too, a model is not flattered by having run only easy benchmarks. The 95%
 * interval is a percentile bootstrap over benchmarks: draw as many benchmarks as there are, with replacement (a
 * benchmark drawn twice counts as two), refit, and take the 2.5% and 97.5% quantiles (type 7) of the model's
 * strength over the resamples that include it. Each resample keeps the full fit's {@code overall} and varies only the
 * model effects (which median polish centres on the median model): a resample of easier benchmarks lifts every model
 * alike, and that common shift says nothing about the order, which is what the interval is for. Seeded ({@link SplittableRandom}), so the same scores always give
 * the same intervals.
 */
public final class ModelStrengths {

    public static final int DEFAULT_RESAMPLES = 200;
    public static final long DEFAULT_SEED = 20_240_601L;

    /** @param benchmarks how many benchmarks the model has a score on */
    public record Strength(String model, double strength, double lower, double upper, int benchmarks) {}

    /** One strength per model, in model order. */
    public static List<Strength> of(List<BenchmarkScore> scores, int resamples, long seed) {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1");
        var table = new ScoreTable(scores);
        if (table.isEmpty()) return List.of();
        int models = table.models().size();
        int benchmarks = table.benchmarks().size();
        AdditiveFit fit = table.fit();
        int[] counts = new int[models];
        var cellsOfBenchmark = new ArrayList<List<Integer>>();
        for (int b = 0; b < benchmarks; b++) cellsOfBenchmark.add(new ArrayList<>());
        for (int k = 0; k < table.size(); k++) {
            counts[table.modelOf(k)]++;
            cellsOfBenchmark.get(table.benchmarkOf(k)).add(k);
        }

        var replicates = new ArrayList<List<Double>>();
        for (int j = 0; j < models; j++) replicates.add(new ArrayList<>());
        var random = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            var rows = new ArrayList<Integer>();
            var cols = new ArrayList<Integer>();
            var values = new ArrayList<Double>();
            for (int draw = 0; draw < benchmarks; draw++) {
                for (int k : cellsOfBenchmark.get(random.nextInt(benchmarks))) {
                    rows.add(draw);
                    cols.add(table.modelOf(k));
                    values.add(table.cell(k).score());
                }
            }
            // models absent from this resample are left out of the fit, and of their own intervals
            int[] column = new int[models];
            Arrays.fill(column, -1);
            int present = 0;
            for (int c : cols) if (column[c] < 0) column[c] = present++;
            int[] original = new int[present];
            for (int j = 0; j < models; j++) if (column[j] >= 0) original[column[j]] = j;
            AdditiveFit refit = AdditiveFit.medianPolish(
                    benchmarks,
                    present,
                    rows.stream().mapToInt(Integer::intValue).toArray(),
                    cols.stream().mapToInt(c -> column[c]).toArray(),
                    values.stream().mapToDouble(Double::doubleValue).toArray());
            for (int p = 0; p < present; p++) replicates.get(original[p]).add(fit.overall() + refit.modelEffects()[p]);
        }

        var result = new ArrayList<Strength>(models);
        for (int j = 0; j < models; j++) {
            double[] draws =
                    replicates.get(j).stream().mapToDouble(Double::doubleValue).toArray();
            double estimate = fit.overall() + fit.modelEffects()[j];
            double lower = draws.length == 0 ? estimate : Percentiles.quantile(draws, 0.025, Percentiles.Method.LINEAR);
            double upper = draws.length == 0 ? estimate : Percentiles.quantile(draws, 0.975, Percentiles.Method.LINEAR);
            result.add(new Strength(table.models().get(j), estimate, lower, upper, counts[j]));
        }
        return result;
    }

    private ModelStrengths() {}
}

package io.benchmarkhub.domain.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.TreeMap;

/**
 * Benchmark scores as an incomplete benchmarks × models table: benchmarks and models indexed in sorted order and
 * the cells sorted by (benchmark, model), so the same scores in any order give the same fit.
 */
public final class ScoreTable {

    private final List<String> benchmarks;
    private final List<String> models;
    private final List<BenchmarkScore> cells;
    private final int[] benchmarkOf;
    private final int[] modelOf;
    private final double[] values;

    public ScoreTable(List<BenchmarkScore> scores) {
        var seen = new HashSet<String>();
        for (BenchmarkScore s : scores) {
            if (!seen.add(s.benchmarkId() + "\u0000" + s.model())) {
                throw new IllegalArgumentException("two scores for " + s.model() + " on " + s.benchmarkId());
            }
        }
        cells = scores.stream()
                .sorted(Comparator.comparing(BenchmarkScore::benchmarkId).thenComparing(BenchmarkScore::model))
                .toList();
        var benchmarkIndex = new TreeMap<String, Integer>();
        var modelIndex = new TreeMap<String, Integer>();
        cells.forEach(s -> {
            benchmarkIndex.put(s.benchmarkId(), 0);
            modelIndex.put(s.model(), 0);
        });
        benchmarks = new ArrayList<>(benchmarkIndex.keySet());
        models = new ArrayList<>(modelIndex.keySet());
        for (int i = 0; i < benchmarks.size(); i++) benchmarkIndex.put(benchmarks.get(i), i);
        for (int j = 0; j < models.size(); j++) modelIndex.put(models.get(j), j);
        benchmarkOf = new int[cells.size()];
        modelOf = new int[cells.size()];
        values = new double[cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            benchmarkOf[k] = benchmarkIndex.get(cells.get(k).benchmarkId());
            modelOf[k] = modelIndex.get(cells.get(k).model());
            values[k] = cells.get(k).score();
        }
    }

    public AdditiveFit fit() {
        return AdditiveFit.medianPolish(benchmarks.size(), models.size(), benchmarkOf, modelOf, values);
    }

    /** Benchmark ids, sorted; a cell's benchmark index points here. */
    public List<String> benchmarks() {
        return benchmarks;
    }

    /** Models, sorted; a cell's model index points here. */
    public List<String> models() {
        return models;
    }

    public int size() {
        return cells.size();
    }

    public BenchmarkScore cell(int k) {
        return cells.get(k);
    }

    public int benchmarkOf(int k) {
        return benchmarkOf[k];
    }

    public int modelOf(int k) {
        return modelOf[k];
    }

    public boolean isEmpty() {
        return cells.isEmpty();
    }
}

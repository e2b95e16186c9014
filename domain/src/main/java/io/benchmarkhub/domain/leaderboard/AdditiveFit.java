package io.benchmarkhub.domain.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A two-way additive fit {@code value[b, m] ≈ overall + benchmarkEffect[b] + modelEffect[m]} of an incomplete
 * benchmarks × models table, by Tukey's median polish (Tukey 1977, EDA ch. 11), step for step as R's
 * {@code medpolish(x, na.rm = TRUE)}: sweep row medians, move the median column effect into {@code overall},
 * sweep column medians, move the median row effect into {@code overall}; repeat until the sum of absolute
 * residuals changes by less than {@value #EPS} of itself, at most {@value #MAX_ITERATIONS} times.
 * Medians, not means, so one contaminated cell does not drag its benchmark's and its model's effects along.
 * Missing cells (a model that never ran a benchmark) are simply absent.
 *
 * @param residuals {@code value - fitted}, per cell in input order
 */
public record AdditiveFit(double overall, double[] benchmarkEffects, double[] modelEffects, double[] residuals) {

    static final double EPS = 1e-6;
    static final int MAX_ITERATIONS = 50;

    /**
     * @param benchmarks number of rows; every row must have at least one cell
     * @param models     number of columns; every column must have at least one cell
     * @param benchmark  the row of each cell
     * @param model      the column of each cell
     * @param value      the value of each cell
     */
    public static AdditiveFit medianPolish(int benchmarks, int models, int[] benchmark, int[] model, double[] value) {
        if (benchmark.length != value.length || model.length != value.length)
            throw new IllegalArgumentException("one row and column per value");
        int[][] rowCells = cellsBy(benchmark, benchmarks, "benchmark");
        int[][] columnCells = cellsBy(model, models, "model");
        double[] z = value.clone();
        double[] r = new double[benchmarks];
        double[] c = new double[models];
        double t = 0;
        double oldSum = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            sweep(rowCells, z, r);
            double delta = median(c);
            for (int j = 0; j < models; j++) c[j] -= delta;
            t += delta;
            sweep(columnCells, z, c);
            delta = median(r);
            for (int i = 0; i < benchmarks; i++) r[i] -= delta;
            t += delta;
            double newSum = 0;
            for (double v : z) newSum += Math.abs(v);
            if (newSum == 0 || Math.abs(newSum - oldSum) < EPS * newSum) break;
            oldSum = newSum;
        }
        return new AdditiveFit(t, r, c, z);
    }

    /** The fitted value of a cell. */
    public double fitted(int benchmark, int model) {
        return overall + benchmarkEffects[benchmark] + modelEffects[model];
    }

    /** Subtracts each group's median residual from its cells and adds it to the group's effect. */
    private static void sweep(int[][] groups, double[] z, double[] effects) {
        var scratch = new double[0];
        for (int g = 0; g < groups.length; g++) {
            int[] cells = groups[g];
            if (scratch.length < cells.length) scratch = new double[cells.length];
            for (int k = 0; k < cells.length; k++) scratch[k] = z[cells[k]];
            double m = median(scratch, cells.length);
            for (int cell : cells) z[cell] -= m;
            effects[g] += m;
        }
    }

    private static int[][] cellsBy(int[] group, int groups, String name) {
        List<List<Integer>> lists = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) lists.add(new ArrayList<>());
        for (int cell = 0; cell < group.length; cell++) {
            if (group[cell] < 0 || group[cell] >= groups)
                throw new IllegalArgumentException(name + " index out of range: " + group[cell]);
            lists.get(group[cell]).add(cell);
        }
        var result = new int[groups][];
        for (int g = 0; g < groups; g++) {
            if (lists.get(g).isEmpty()) throw new IllegalArgumentException(name + " " + g + " has no value");
            result[g] = lists.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** The median of all values (mean of the middle two for an even count). */
    public static double median(double[] values) {
        return median(values.clone(), values.length);
    }

    /** The median of the first {@code n} values; sorts them in place. */
    private static double median(double[] values, int n) {
        if (n == 0) return Double.NaN;
        Arrays.sort(values, 0, n);
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}

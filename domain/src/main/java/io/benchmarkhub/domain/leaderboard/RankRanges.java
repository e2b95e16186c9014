package io.benchmarkhub.domain.leaderboard;

import java.util.ArrayList;
import java.util.List;

/**
 * Rank ranges from confidence intervals, so that models whose intervals overlap share ranks instead of being
 * told apart by noise. With N models, model i's best rank is {@code 1 + #{j : lower_j > upper_i}} (the models
 * whose whole interval lies above i's) and its worst rank is {@code N - #{j : upper_j < lower_i}} (all but the
 * models whose whole interval lies below i's). Two models with overlapping intervals therefore have overlapping
 * ranges; a model clearly better than all others is {@code [1, 1]}. Intervals touching at one point overlap.
 */
public final class RankRanges {

    public record RankRange(int best, int worst) {}

    /** One interval per model as {@code {lower, upper}}; the answer is in the same order. */
    public static List<RankRange> of(List<double[]> intervals) {
        for (double[] ci : intervals) {
            if (ci.length != 2 || !Double.isFinite(ci[0]) || !Double.isFinite(ci[1]) || ci[0] > ci[1]) {
                throw new IllegalArgumentException("an interval is {lower, upper} with finite lower <= upper");
            }
        }
        int n = intervals.size();
        var ranges = new ArrayList<RankRange>(n);
        for (double[] mine : intervals) {
            int clearlyAbove = 0;
            int clearlyBelow = 0;
            for (double[] other : intervals) {
                if (other[0] > mine[1]) clearlyAbove++;
                if (other[1] < mine[0]) clearlyBelow++;
            }
            ranges.add(new RankRange(1 + clearlyAbove, n - clearlyBelow));
        }
        return ranges;
    }

    private RankRanges() {}
}

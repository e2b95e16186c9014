package io.benchmarkhub.domain.leaderboard;

/**
 * The cost–quality Pareto frontier: a model is on it when no other model is at least as good and at most as
 * expensive, and strictly better in one of the two. Two models with equal score and equal cost are both on it.
 */
public final class ParetoFrontier {

    /** {@code onFrontier[i]} for scores (higher is better) and costs (lower is better) given per model. */
    public static boolean[] of(double[] scores, double[] costs) {
        if (scores.length != costs.length) throw new IllegalArgumentException("one cost per score");
        int n = scores.length;
        var onFrontier = new boolean[n];
        for (int i = 0; i < n; i++) {
            onFrontier[i] = true;
            for (int j = 0; j < n && onFrontier[i]; j++) {
                boolean atLeastAsGood = scores[j] >= scores[i] && costs[j] <= costs[i];
                boolean strictlyBetter = scores[j] > scores[i] || costs[j] < costs[i];
                if (j != i && atLeastAsGood && strictlyBetter) onFrontier[i] = false;
            }
        }
        return onFrontier;
    }

    private ParetoFrontier() {}
}

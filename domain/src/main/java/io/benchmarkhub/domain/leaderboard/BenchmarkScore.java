package io.benchmarkhub.domain.leaderboard;

/**
 * One model's score on one benchmark: the leaderboard entry (its latest completed run on the benchmark's current
 * content) that the global ranking and the contamination detector start from.
 *
 * @param score mean per-case score in [0, 1] of that run
 * @param cases cases in that run
 */
public record BenchmarkScore(String benchmarkId, String model, double score, int cases) {

    public BenchmarkScore {
        if (benchmarkId == null || model == null) throw new IllegalArgumentException("benchmarkId and model are required");
        if (!Double.isFinite(score)) throw new IllegalArgumentException("score must be finite, got " + score);
        if (cases < 0) throw new IllegalArgumentException("cases must be >= 0");
    }
}

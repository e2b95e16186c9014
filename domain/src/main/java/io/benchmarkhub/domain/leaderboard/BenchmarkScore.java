package io.benchmarkhub.domain.leaderboard;

/**
 * One model's score on one benchmark: its public leaderboard entry on the benchmark's current content (the runs in
 * the canonical configuration pooled, {@link PooledEntry}) that the global ranking and the contamination detector
 * start from.
 *
 * @param score the entry's score in [0, 1]
 * @param cases cases the entry has a mean for
 */
public record BenchmarkScore(String benchmarkId, String model, double score, int cases) {

    public BenchmarkScore {
        if (benchmarkId == null || model == null)
            throw new IllegalArgumentException("benchmarkId and model are required");
        if (!Double.isFinite(score)) throw new IllegalArgumentException("score must be finite, got " + score);
        if (cases < 0) throw new IllegalArgumentException("cases must be >= 0");
    }
}

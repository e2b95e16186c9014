package io.benchmarkhub.query.leaderboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** What the leaderboard and integrity endpoints answer. Scores are in [0, 1], money in integer micro-dollars. */
public final class LeaderboardViews {

    /** A rank range: the model's rank is somewhere in [best, worst] (see docs/leaderboards.md). */
    public record Rank(int best, int worst) {}

    /**
     * A benchmark's leaderboard on the content of one version: each model's runs in the canonical configuration, pooled.
     *
     * @param version        the version asked for (the current one by default)
     * @param contentHash    its content hash; runs pinned to any version with this hash count
     * @param current        whether that hash is the benchmark's current one (as of {@code asOf} when given)
     * @param maxRunsPerUser the runs of one user that count in one entry (the user's first ones)
     * @param paretoFrontier the models on the cost–quality frontier, cheapest first
     * @param asOf           the instant the board was rebuilt at ({@code ?asOf=}); absent on the live board
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BenchmarkLeaderboard(
            String benchmarkId,
            long version,
            String contentHash,
            boolean current,
            boolean includeSimulated,
            int maxRunsPerUser,
            List<Entry> entries,
            List<String> paretoFrontier,
            List<ContaminationFlag> contamination,
            Instant asOf) {}

    /**
     * One model on a benchmark leaderboard: the runs that count, pooled (docs/leaderboards.md).
     *
     * @param score        mean over cases of each case's mean over the counted runs (weighted by case weight)
     * @param ci95         seeded bootstrap 95% interval of that score over cases, [low, high]
     * @param passRate     passed of the counted runs' scored trials; null when none was scored
     * @param passRateCi95 its Wilson 95% interval
     * @param cases        cases with a mean
     * @param trials       scored trials of the counted runs
     * @param runCount     runs that count: at most {@code maxRunsPerUser} per user
     * @param userCount    distinct users who requested them
     * @param cappedRuns   runs in the canonical configuration left out because their user already had
     *                     {@code maxRunsPerUser} counted
     * @param latestRunId  the latest counted run
     * @param runVersion   the version that run pinned
     * @param completedAt  when it completed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            String model,
            boolean simulated,
            double score,
            List<Double> ci95,
            Rank rank,
            Double passRate,
            List<Double> passRateCi95,
            long costPerCaseMicros,
            Double latencyP95Ms,
            int cases,
            int trials,
            int runCount,
            int userCount,
            int cappedRuns,
            String latestRunId,
            long runVersion,
            Instant completedAt,
            boolean paretoOptimal,
            boolean contaminationSuspected) {}

    /** OPEN, or withdrawn: CLEARED by later evidence (the policy), DISMISSED by an admin. */
    public enum FlagStatus {
        OPEN,
        CLEARED,
        DISMISSED
    }

    /**
     * A contamination flag: the figures as the ContaminationSuspected event recorded them, and its withdrawal if it
     * was withdrawn.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContaminationFlag(
            String benchmarkId,
            String model,
            FlagStatus status,
            double observed,
            double expected,
            double sigma,
            double zScore,
            int nCases,
            int nBenchmarksForModel,
            int nModelsForBenchmark,
            long benchmarkVersion,
            Instant raisedAt,
            Withdrawal withdrawal) {

        public boolean open() {
            return status == FlagStatus.OPEN;
        }
    }

    /**
     * How a flag was withdrawn: by an admin ({@code by}, {@code reason}) or by the policy with the detector's figures
     * at that time (observed … nModelsForBenchmark).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Withdrawal(
            Instant at,
            String by,
            String reason,
            Double observed,
            Double expected,
            Double sigma,
            Double zScore,
            Integer nCases,
            Integer nBenchmarksForModel,
            Integer nModelsForBenchmark) {}

    /** The global model ranking over public benchmarks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelLeaderboard(
            String tag,
            String category,
            boolean includeSimulated,
            int benchmarks,
            int resamples,
            List<ModelEntry> models) {}

    /**
     * @param strength   expected score on a benchmark of median difficulty (additive fit, median polish)
     * @param ci95       percentile bootstrap over benchmarks, seeded
     * @param simulated  a {@code sim/…} model (only with includeSimulated)
     * @param benchmarks public benchmarks the model has a score on
     * @param runs       the runs counted in those scores (each user's first maxRunsPerUser per benchmark)
     */
    public record ModelEntry(
            String model, boolean simulated, double strength, List<Double> ci95, Rank rank, int benchmarks, int runs) {}

    private LeaderboardViews() {}
}

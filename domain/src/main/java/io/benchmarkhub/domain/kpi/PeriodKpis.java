package io.benchmarkhub.domain.kpi;

import java.time.Instant;

/**
 * The KPIs of one period [start, end), UTC. Definitions: docs/leaderboards.md ("KPIs"). A rate is null when its
 * denominator is 0; so is a figure with no data.
 */
public record PeriodKpis(
        Instant start,
        Instant end,
        long runsRequested,
        Share runSuccess,
        Double p95TimeToResultsMs,
        int modelsIntegrated,
        long publicBenchmarksCreated,
        Share forkRate,
        Share d30Retention,
        JudgeHumanCorrelation judgeHumanCorrelation,
        CreditMargin creditMargin) {

    /** {@code count} of {@code of}, and their ratio (null when {@code of} is 0). */
    public record Share(long count, long of, Double rate) {
        static Share of(long count, long of) {
            return new Share(count, of, of == 0 ? null : (double) count / of);
        }
    }

    /** Pearson's r and Spearman's ρ over {@code n} pairs; null coefficients with fewer than two pairs or a constant side. */
    public record JudgeHumanCorrelation(Double pearson, Double spearman, int n) {}

    /** {@code margin = (revenueMicros − apiCostMicros) / revenueMicros}, null when there was no usd revenue. */
    public record CreditMargin(long revenueMicros, long apiCostMicros, Double margin) {}
}

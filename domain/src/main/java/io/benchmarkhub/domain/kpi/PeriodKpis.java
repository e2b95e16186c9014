package io.benchmarkhub.domain.kpi;

import io.benchmarkhub.domain.statistics.Correlation;
import io.benchmarkhub.domain.statistics.Interval;
import io.benchmarkhub.domain.statistics.WilsonInterval;
import java.time.Instant;
import java.util.List;

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

    /**
     * {@code count} of {@code of}, their ratio (null when {@code of} is 0) and its 95% Wilson interval {@code [lower,
     * upper]} (null when {@code of} is 0), computed here so every client draws the same interval.
     */
    public record Share(long count, long of, Double rate, List<Double> ci95) {

        public Share(long count, long of, Double rate) {
            this(count, of, rate, wilson(count, of));
        }

        static Share of(long count, long of) {
            return new Share(count, of, of == 0 ? null : (double) count / of);
        }

        private static List<Double> wilson(long count, long of) {
            if (of <= 0 || count < 0 || count > of || of > Integer.MAX_VALUE) return null;
            Interval ci = WilsonInterval.of((int) count, (int) of);
            return List.of(ci.lower(), ci.upper());
        }
    }

    /**
     * Pearson's r and Spearman's ρ over {@code n} pairs; null coefficients with fewer than two pairs or a constant side.
     * {@code pearsonCi95}: Fisher's z 95% interval of r, null below 4 pairs.
     */
    public record JudgeHumanCorrelation(Double pearson, Double spearman, int n, List<Double> pearsonCi95) {

        public JudgeHumanCorrelation(Double pearson, Double spearman, int n) {
            this(pearson, spearman, n, fisher(pearson, n));
        }

        private static List<Double> fisher(Double r, int n) {
            if (r == null) return null;
            Interval ci = Correlation.fisherInterval(r, n);
            return ci == null ? null : List.of(ci.lower(), ci.upper());
        }
    }

    /** {@code margin = (revenueMicros − apiCostMicros) / revenueMicros}, null when there was no usd revenue. */
    public record CreditMargin(long revenueMicros, long apiCostMicros, Double margin) {}
}

package io.benchmarkhub.domain.kpi;

import java.time.Instant;
import java.util.List;

/**
 * What the KPIs are computed from: facts taken from events, each stamped with its event's time (so a replay gives the
 * same facts). The read model stores exactly these; {@link Kpis} turns them into figures.
 *
 * @param runs       every run requested or ended in the asked range
 * @param users      every user with a run before the range's end: their first run, and their latest before the end
 * @param models     each day a real (not simulated) model gave at least one answer
 * @param benchmarks every benchmark that was ever public, with when it first was and when it was first forked
 * @param graded     (run, case, model) pairs with a human grade and at least one successful judge verdict
 * @param charges    every run's credit charge
 */
public record KpiFacts(
        List<Run> runs,
        List<User> users,
        List<ModelAnswered> models,
        List<PublicBenchmark> benchmarks,
        List<GradedPair> graded,
        List<Charge> charges) {

    /**
     * @param endedAt        the time of its end event, null while it runs
     * @param endStatus      COMPLETED, FAILED, CANCELLED or TIMED_OUT; null while it runs
     * @param hadCallFailure at least one {@code ModelCallFailed}
     */
    public record Run(
            String runId,
            String userId,
            Instant requestedAt,
            Instant endedAt,
            String endStatus,
            boolean hadCallFailure) {
        boolean succeeded() {
            return "COMPLETED".equals(endStatus) && !hadCallFailure;
        }
    }

    /** A user's first run ever, and their latest run before the end of the asked range. */
    public record User(String userId, Instant firstRunAt, Instant lastRunAt) {}

    /** {@code model} answered at least once on the UTC day that starts at {@code day}. */
    public record ModelAnswered(String model, Instant day) {}

    /** @param firstForkedAt the first {@code BenchmarkForked} of it by anyone, null when never forked */
    public record PublicBenchmark(String benchmarkId, Instant publicSince, Instant firstForkedAt) {}

    /**
     * @param gradedAt the time of the pair's latest human grade
     * @param human    the mean of each grader's latest grade
     * @param judge    the mean of the successful judge verdicts over the pair's repeats
     */
    public record GradedPair(Instant gradedAt, double human, double judge) {}

    /** @param usdRevenueMinor Σ of the lots' {@code amountMinor} in usd that paid for the run, in cents */
    public record Charge(Instant chargedAt, long apiCostMicros, long usdRevenueMinor) {}
}

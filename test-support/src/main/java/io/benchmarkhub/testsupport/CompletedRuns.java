package io.benchmarkhub.testsupport;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.user.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Completed runs as the executor would have completed them, for the leaderboards: each model's per-case scores are
 * chosen by the test, and its summary and per-case means are computed from them with the functions the executor uses
 * ({@link RunStatistics}). The events go into an {@link EventHistory}.
 */
public final class CompletedRuns {

    private CompletedRuns() {}

    /**
     * One model's result in a run: one trial per case, scoring {@code scoresFor(cases)[i]} on the i-th case in case-id
     * order. A trial passes at 0.5 or more.
     */
    public record Result(
            String model,
            boolean simulated,
            IntFunction<double[]> scoresFor,
            long costPerCaseMicros,
            long latencyMs,
            int failedCalls) {

        /**
         * A model whose case scores average to {@code score} (up to rounding) and spread by about ±{@code halfWidth}
         * in the bootstrap interval: alternately {@code score ± d}, d chosen so and kept in [0, 1].
         */
        public static Result of(String model, double score, double halfWidth, long costPerCase) {
            return new Result(
                    model,
                    false,
                    cases -> {
                        double d = Math.min(halfWidth * Math.sqrt(cases) / 1.96, Math.min(score, 1 - score));
                        double[] scores = new double[cases];
                        for (int i = 0; i < cases; i++) {
                            scores[i] = cases % 2 == 1 && i == cases - 1 ? score : i % 2 == 0 ? score + d : score - d;
                        }
                        return scores;
                    },
                    costPerCase,
                    Math.round(100 + 1000 * score),
                    0);
        }

        /** Every case scores {@code score}. */
        public static Result constant(String model, double score) {
            return new Result(
                    model,
                    false,
                    cases -> IntStream.range(0, cases).mapToDouble(i -> score).toArray(),
                    10,
                    100,
                    0);
        }

        public Result asSimulated() {
            return new Result(model, true, scoresFor, costPerCaseMicros, latencyMs, failedCalls);
        }

        /** The first {@code n} trials' calls failed (each scores 0, as in the run). */
        public Result withFailedCalls(int n) {
            return new Result(
                    model,
                    simulated,
                    cases -> {
                        double[] scores = scoresFor.apply(cases);
                        for (int i = 0; i < n; i++) scores[i] = 0;
                        return scores;
                    },
                    costPerCaseMicros,
                    latencyMs,
                    n);
        }
    }

    /**
     * The events of run {@code id} completed with {@code results}' models on the benchmark's version and content hash, with {@code cases} cases
     * ({@code c1}…), whose caller set {@code overrides} (RunRequested's names; empty: the canonical configuration).
     */
    public static List<RunEvent> events(
            RunId id,
            String requestedBy,
            String benchmarkId,
            long version,
            String contentHash,
            int cases,
            List<Result> results,
            List<String> overrides) {
        List<String> models = results.stream().map(Result::model).toList();
        List<String> simulated =
                results.stream().filter(Result::simulated).map(Result::model).toList();
        List<String> caseIds =
                IntStream.rangeClosed(1, cases).mapToObj(i -> "c" + i).toList();
        List<String> sorted = caseIds.stream().sorted().toList();
        RunParams params = overrides.contains(RunRequested.TEMPERATURE) ? new RunParams(2.0, null) : RunParams.DEFAULTS;
        var request = new RunRequested(
                id,
                new BenchmarkId(benchmarkId),
                version,
                contentHash,
                new UserId(requestedBy),
                models,
                simulated,
                1,
                Billing.BYOK,
                params,
                caseIds,
                List.of(new Grader.Exact(null, null)),
                List.of(),
                List.of(),
                "api",
                3600,
                null,
                null,
                Map.of(),
                overrides);
        var summaries = new ArrayList<ModelSummary>();
        var means = new LinkedHashMap<String, List<Double>>();
        long seed = RunStatistics.seed(id);
        for (Result r : results) {
            double[] scores = r.scoresFor().apply(cases);
            var trials = new ArrayList<TrialOutcome>();
            for (int i = 0; i < cases; i++) {
                boolean failed = i < r.failedCalls();
                trials.add(new TrialOutcome(
                        sorted.get(i),
                        1,
                        failed,
                        scores[i],
                        scores[i] >= 0.5,
                        failed ? null : r.latencyMs(),
                        r.costPerCaseMicros(),
                        0));
            }
            summaries.add(RunStatistics.summarize(r.model(), r.simulated(), trials, 1, seed));
            means.put(r.model(), RunStatistics.caseMeans(caseIds, trials));
        }
        return List.of(request, new RunStarted(id), new RunCompleted(id, summaries, null, means));
    }
}

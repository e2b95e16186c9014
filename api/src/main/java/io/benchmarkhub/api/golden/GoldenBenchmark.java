package io.benchmarkhub.api.golden;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.Grader;
import java.util.List;

/**
 * One benchmark of the golden library, as its file in {@code golden/benchmarks/} describes it (golden/FORMAT.md).
 *
 * @param file the file's name, e.g. {@code 01-support-ticket-triage.yaml}
 * @param slug the stable name the benchmark's id is derived from; the loader's idempotency key
 */
public record GoldenBenchmark(
        String file,
        String format,
        String slug,
        String title,
        String description,
        String category,
        List<String> tags,
        String licence,
        String promptTemplate,
        List<Grader> graders,
        List<DecisionCriterion> decisionCriteria,
        List<TestCase> cases) {

    public static final String FORMAT = "benchmarkhub.benchmark/v1";
    public static final String ID_PREFIX = "bm_golden_";

    /** The benchmark id every database gives this golden benchmark. */
    public BenchmarkId benchmarkId() {
        return new BenchmarkId(ID_PREFIX + slug);
    }
}

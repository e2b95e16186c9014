package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import org.axonframework.serialization.Revision;

/**
 * The contamination detector found {@code model} scoring far above what its strength and this benchmark's
 * difficulty predict (docs/leaderboards.md). Raised once per model and benchmark; an integrity note by the system,
 * not an edit: {@code version} is the benchmark's version when it was raised, and it does not change.
 *
 * @param observed            the model's score (its latest run on the benchmark's content)
 * @param expected            the score the additive fit predicts
 * @param sigma               the model's own spread around its predictions, on the score scale
 * @param zScore              how many σ the score lies above the prediction
 * @param nCases              cases in the run the score comes from
 * @param nBenchmarksForModel public benchmarks the model has a score on
 * @param nModelsForBenchmark models with a score on this benchmark
 */
@Revision("1")
public record ContaminationSuspected(
        BenchmarkId benchmarkId,
        long version,
        String model,
        double observed,
        double expected,
        double sigma,
        double zScore,
        int nCases,
        int nBenchmarksForModel,
        int nModelsForBenchmark)
        implements BenchmarkEvent {}

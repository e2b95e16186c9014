package io.benchmarkhub.domain.benchmark.events;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import org.axonframework.serialization.Revision;

/**
 * Later evidence brought a suspected model back under the clearing threshold (z at most 2 by default, below the 3 that
 * raises a flag, so a pair near the line does not flap; docs/leaderboards.md): its open flag is withdrawn. Raised by
 * the contamination policy at most once per open flag; the figures are the detector's at the time of clearing. Not
 * an edit: {@code version} is the benchmark's version then, and it does not change.
 *
 * @param observed            the model's score now (its latest run on the benchmark's content)
 * @param expected            the score the additive fit now predicts
 * @param sigma               the model's spread around its predictions, on the score scale
 * @param zScore              how many σ the score now lies above the prediction (at most the clearing threshold)
 * @param nCases              cases in the run the score comes from
 * @param nBenchmarksForModel public benchmarks the model has a score on
 * @param nModelsForBenchmark models with a score on this benchmark
 */
@Revision("1")
public record ContaminationCleared(
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

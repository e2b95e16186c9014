package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The contamination policy's finding for one model on this benchmark. Sent by the system, not by a user, so it
 * carries no actor and is not a {@link BenchmarkCommand}; a benchmark records it once per model.
 */
public record FlagContamination(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        String model,
        double observed,
        double expected,
        double sigma,
        double zScore,
        int nCases,
        int nBenchmarksForModel,
        int nModelsForBenchmark) {}

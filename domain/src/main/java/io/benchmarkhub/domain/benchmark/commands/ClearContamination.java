package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The contamination policy's finding that a flagged model is back under the clearing threshold. Sent by the system,
 * like {@link FlagContamination}; a benchmark withdraws an open flag once and ignores the rest.
 */
public record ClearContamination(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        String model,
        double observed,
        double expected,
        double sigma,
        double zScore,
        int nCases,
        int nBenchmarksForModel,
        int nModelsForBenchmark) {}

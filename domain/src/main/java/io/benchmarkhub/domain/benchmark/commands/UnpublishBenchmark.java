package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UnpublishBenchmark(@TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, Long expectedVersion)
        implements BenchmarkCommand {}

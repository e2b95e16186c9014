package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin withdraws the open contamination flag of {@code model}, saying why. */
public record DismissContamination(
        @TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, String model, String reason)
        implements BenchmarkCommand {}

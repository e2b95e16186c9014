package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin takes the verified badge away, saying why. */
public record RevokeVerification(@TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, String reason)
        implements BenchmarkCommand {}

package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin approves the pending verification request. */
public record ApproveVerification(@TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor)
        implements BenchmarkCommand {}

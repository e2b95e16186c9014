package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveTestCase(
        @TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, Long expectedVersion, String caseId)
        implements BenchmarkCommand {}

package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the case with {@code testCase.id()} by {@code testCase}. */
public record ReviseTestCase(
        @TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, Long expectedVersion, TestCase testCase)
        implements BenchmarkCommand {}

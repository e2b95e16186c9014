package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Copies the source benchmark's current version into a new benchmark {@code forkId} owned by
 * the actor. Sent to the source, which must be visible to the actor. A null title keeps the
 * source's title; a null visibility keeps the source's visibility.
 */
public record ForkBenchmark(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        BenchmarkId forkId,
        Actor actor,
        String title,
        Visibility visibility)
        implements BenchmarkCommand {}

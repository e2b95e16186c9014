package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner asks for the verified badge, declaring the dataset's licence and where it is published. */
public record RequestVerification(
        @TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, String licence, String sourceUrl)
        implements BenchmarkCommand {}

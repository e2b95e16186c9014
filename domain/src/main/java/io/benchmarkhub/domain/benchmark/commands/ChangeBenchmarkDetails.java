package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** A partial update: a null field keeps its current value. */
public record ChangeBenchmarkDetails(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        Actor actor,
        Long expectedVersion,
        String title,
        String description,
        List<String> tags,
        String category,
        String promptTemplate) implements BenchmarkCommand {
}

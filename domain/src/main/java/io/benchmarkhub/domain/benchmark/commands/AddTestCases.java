package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Lists;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.user.Actor;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds cases in one version; cases without an id get the next free {@code c<n>}. */
public record AddTestCases(
        @TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, Long expectedVersion, List<TestCase> cases)
        implements BenchmarkCommand {

    public AddTestCases {
        cases = Lists.copy(cases);
    }
}

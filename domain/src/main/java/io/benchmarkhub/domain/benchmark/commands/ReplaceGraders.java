package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Lists;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.Actor;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReplaceGraders(
        @TargetAggregateIdentifier BenchmarkId benchmarkId, Actor actor, Long expectedVersion, List<Grader> graders)
        implements BenchmarkCommand {

    public ReplaceGraders {
        graders = Lists.copy(graders);
    }
}

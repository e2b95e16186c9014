package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Lists;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record ReplaceDecisionCriteria(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        Actor actor,
        Long expectedVersion,
        List<DecisionCriterion> decisionCriteria) implements BenchmarkCommand {

    public ReplaceDecisionCriteria {
        decisionCriteria = Lists.copy(decisionCriteria);
    }
}

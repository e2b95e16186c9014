package io.benchmarkhub.domain.benchmark.commands;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.Lists;
import io.benchmarkhub.domain.user.Actor;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReplaceDecisionCriteria(
        @TargetAggregateIdentifier BenchmarkId benchmarkId,
        Actor actor,
        Long expectedVersion,
        List<DecisionCriterion> decisionCriteria)
        implements BenchmarkCommand {

    public ReplaceDecisionCriteria {
        decisionCriteria = Lists.copy(decisionCriteria);
    }
}

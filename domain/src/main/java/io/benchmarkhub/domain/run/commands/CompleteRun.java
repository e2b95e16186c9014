package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Every trial is settled and every verdict in: finish the run with its per-model summaries. */
public record CompleteRun(@TargetAggregateIdentifier RunId runId, List<ModelSummary> summaries, Double judgeAgreement) implements RunCommand {
}

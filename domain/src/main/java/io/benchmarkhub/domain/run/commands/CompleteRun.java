package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Every trial is settled and every verdict in: finish the run with its per-model summaries and per-case means
 * ({@link io.benchmarkhub.domain.run.events.RunCompleted#caseMeans()}).
 */
public record CompleteRun(
        @TargetAggregateIdentifier RunId runId,
        List<ModelSummary> summaries,
        Double judgeAgreement,
        Map<String, List<Double>> caseMeans)
        implements RunCommand {

    public CompleteRun(RunId runId, List<ModelSummary> summaries, Double judgeAgreement) {
        this(runId, summaries, judgeAgreement, null);
    }
}

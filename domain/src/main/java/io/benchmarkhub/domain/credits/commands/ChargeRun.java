package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Charge an ended run for the calls it made and release the rest of its reservation; once per run. */
public record ChargeRun(
        @TargetAggregateIdentifier AccountId accountId, RunId runId, List<ModelCost> costs, CreditPricing pricing)
        implements CreditCommand {

    public ChargeRun {
        costs = List.copyOf(costs);
    }
}

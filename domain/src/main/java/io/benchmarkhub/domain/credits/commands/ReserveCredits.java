package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hold {@code credits} for a run before its first call; refused (402) when fewer are available. */
public record ReserveCredits(@TargetAggregateIdentifier AccountId accountId, RunId runId, long credits)
        implements CreditCommand {}

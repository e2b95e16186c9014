package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin settles what the account owes after a clawback, without credits (paid another way, or written off). */
public record SettleOwedCredits(@TargetAggregateIdentifier AccountId accountId, String reason, UserId settledBy)
        implements CreditCommand {}

package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A verified payment: credit the account once per {@code paymentId}, however often it is delivered. */
public record PurchaseCredits(@TargetAggregateIdentifier AccountId accountId, String paymentId, long credits, long amountMinor,
                              String currency) implements CreditCommand {
}

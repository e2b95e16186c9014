package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A verified payment: credit the account once per {@code paymentId}, however often it is delivered.
 *
 * @param paymentIntentId what the provider's refunds and disputes of this payment will name; may be null
 */
public record PurchaseCredits(
        @TargetAggregateIdentifier AccountId accountId,
        String paymentId,
        long credits,
        long amountMinor,
        String currency,
        String paymentIntentId)
        implements CreditCommand {

    public PurchaseCredits(AccountId accountId, String paymentId, long credits, long amountMinor, String currency) {
        this(accountId, paymentId, credits, amountMinor, currency, null);
    }
}

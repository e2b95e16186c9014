package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.ClawbackCause;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The payment provider took back {@code reversedMinor} (in {@code currency}, so far, for this cause) of the payment
 * {@code paymentId}: take back the credits of its lot that this money bought, as far as they are unspent; the account
 * owes the rest. Delivered again, or with the same amount, it changes nothing.
 */
public record ClawBackPayment(
        @TargetAggregateIdentifier AccountId accountId,
        String paymentId,
        ClawbackCause cause,
        long reversedMinor,
        String currency)
        implements CreditCommand {}

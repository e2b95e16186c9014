package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.ClawbackCause;
import org.axonframework.serialization.Revision;

/**
 * The money of a purchase was taken back (refund or dispute), so the credits it bought leave the account. {@code credits}
 * unspent credits of the lot were taken back, {@code amountMinor} being the part of its price they had not recognised
 * (cumulative floor, as for a refund); {@code owedCredits} more had been spent or were held for runs, and the account owes
 * them: the balance never goes below zero, and until new credits pay what is owed or an admin settles it, the account
 * starts no paid run.
 *
 * @param reversedMinor the money the provider has taken back for this cause so far, in the lot's currency
 */
@Revision("1")
public record CreditsClawedBack(
        AccountId accountId,
        String lotId,
        String paymentId,
        ClawbackCause cause,
        long reversedMinor,
        long credits,
        long amountMinor,
        String currency,
        long owedCredits)
        implements CreditEvent {}

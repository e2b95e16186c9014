package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;

/**
 * Everything that happens to a credit account. Credits are integers; money is an integer amount in the
 * smallest unit of its currency ({@code amountMinor}) or, for API cost, integer micro-dollars.
 * The balance is {@code Σ purchased + Σ granted − Σ charged − Σ refunded − Σ clawed back − Σ recovered}; it never goes
 * below zero. Reservations hold part of it for runs in progress and are released when the run is charged. What a
 * clawback could not take back is owed, until later credits pay it or an admin settles it.
 */
public sealed interface CreditEvent
        permits CreditsPurchased,
                CreditsGranted,
                CreditsReserved,
                CreditsCharged,
                ReservationReleased,
                CreditsRefunded,
                CreditsClawedBack,
                OwedCreditsRecovered,
                OwedCreditsSettled {

    AccountId accountId();
}

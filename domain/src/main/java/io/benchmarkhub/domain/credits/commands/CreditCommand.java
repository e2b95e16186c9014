package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;

/** Commands to a credit account. */
public sealed interface CreditCommand
        permits PurchaseCredits,
                GrantCredits,
                ReserveCredits,
                ChargeRun,
                ReleaseReservation,
                RefundLot,
                ClawBackPayment,
                SettleOwedCredits {

    AccountId accountId();
}

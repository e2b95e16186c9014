package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/**
 * The unused, unreserved credits of a purchased lot were refunded: {@code refund} says how many credits
 * left the account and how much of the lot's price goes back to the buyer.
 */
@Revision("1")
public record CreditsRefunded(AccountId accountId, LotUse refund, UserId refundedBy) implements CreditEvent {}

package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An admin settled the {@code credits} the account owed, without credits; it may start paid runs again. */
@Revision("1")
public record OwedCreditsSettled(AccountId accountId, long credits, String reason, UserId settledBy)
        implements CreditEvent {}

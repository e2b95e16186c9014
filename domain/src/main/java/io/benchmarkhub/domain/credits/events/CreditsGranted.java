package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** Free or promotional credits: a lot with no revenue. */
@Revision("1")
public record CreditsGranted(AccountId accountId, String lotId, long credits, String reason, UserId grantedBy)
        implements CreditEvent {}

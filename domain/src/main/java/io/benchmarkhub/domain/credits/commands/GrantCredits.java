package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Free credits from an admin; {@code grantId} makes a repeated request a no-op. */
public record GrantCredits(
        @TargetAggregateIdentifier AccountId accountId, String grantId, long credits, String reason, UserId grantedBy)
        implements CreditCommand {}

package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Refund the unused, unreserved credits of a purchased lot (an admin action). */
public record RefundLot(@TargetAggregateIdentifier AccountId accountId, String lotId, UserId refundedBy)
        implements CreditCommand {}

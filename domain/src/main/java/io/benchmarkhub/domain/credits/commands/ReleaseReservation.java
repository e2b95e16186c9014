package io.benchmarkhub.domain.credits.commands;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give back a reservation whose run was never recorded (the request failed after reserving). */
public record ReleaseReservation(@TargetAggregateIdentifier AccountId accountId, RunId runId)
        implements CreditCommand {}

package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The executor cannot go on without something only the requester can give again (a BYOK key after a restart). */
public record SuspendRun(@TargetAggregateIdentifier RunId runId, String reason) implements RunCommand {}

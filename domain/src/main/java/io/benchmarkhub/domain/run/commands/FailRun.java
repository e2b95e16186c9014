package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The executor cannot go on with the run. */
public record FailRun(@TargetAggregateIdentifier RunId runId, String reason) implements RunCommand {}

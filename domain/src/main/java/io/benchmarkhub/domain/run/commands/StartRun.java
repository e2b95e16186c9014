package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An executor begins (or resumes) the run; records {@code RunStarted} the first time only. */
public record StartRun(@TargetAggregateIdentifier RunId runId) implements RunCommand {}

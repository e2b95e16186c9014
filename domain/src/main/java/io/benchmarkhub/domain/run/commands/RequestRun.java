package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.RunRequested;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Create a run. The launcher has already read the pinned benchmark version, checked that the caller
 * may see it and resolved models and judges; {@code request} is the event to record.
 */
public record RequestRun(@TargetAggregateIdentifier RunId runId, RunRequested request) implements RunCommand {}

package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop a run that has not finished; only the user who requested it may (to anyone else the run does not exist). */
public record CancelRun(@TargetAggregateIdentifier RunId runId, Actor actor) implements RunCommand {}

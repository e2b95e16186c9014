package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Go on with a suspended run; only the user who requested it may. The key they send again goes to the executor of the
 * node that takes this command, never into the command or an event.
 */
public record ResumeRun(@TargetAggregateIdentifier RunId runId, Actor actor) implements RunCommand {}

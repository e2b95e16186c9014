package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.Actor;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A person says that cases of this run show a failure mode, named {@code name}, seen on {@code model} (optional: a model
 * of the run). The same name on the same benchmark is the same failure mode, whichever run tags it.
 */
public record TagFailureMode(
        @TargetAggregateIdentifier RunId runId,
        String name,
        String note,
        List<String> caseIds,
        String model,
        Actor actor)
        implements RunCommand {}

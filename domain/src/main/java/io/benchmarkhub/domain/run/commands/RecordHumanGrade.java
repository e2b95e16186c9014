package io.benchmarkhub.domain.run.commands;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A person's score in [0,1] for a model's answer to a case. */
public record RecordHumanGrade(
        @TargetAggregateIdentifier RunId runId, String caseId, String model, Double score, String comment, Actor actor)
        implements RunCommand {}

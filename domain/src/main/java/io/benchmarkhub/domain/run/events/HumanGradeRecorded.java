package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A person scored a model's answer to a case (all repeats of it) in [0,1]; a later grade by the same person replaces theirs. */
@Revision("1")
public record HumanGradeRecorded(
        RunId runId, String caseId, String model, double score, String comment, UserId gradedBy) implements RunEvent {}

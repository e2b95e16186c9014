package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** The requester gave the run what it waited for (its key, which no event carries); it goes on from what was recorded. */
@Revision("1")
public record RunResumed(RunId runId, UserId resumedBy) implements RunEvent {}

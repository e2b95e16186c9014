package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** Someone stopped the run; what was recorded before stays. */
@Revision("1")
public record RunCancelled(RunId runId, UserId cancelledBy) implements RunEvent {}

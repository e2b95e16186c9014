package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/** The run's deadline passed before it finished; what was recorded before stays. */
@Revision("1")
public record RunTimedOut(RunId runId, long timeoutSeconds) implements RunEvent {}

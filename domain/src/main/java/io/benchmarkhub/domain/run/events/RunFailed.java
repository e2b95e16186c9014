package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/** The run could not go on (e.g. its benchmark version cannot be read, or its BYOK key is gone). */
@Revision("1")
public record RunFailed(RunId runId, String reason) implements RunEvent {}

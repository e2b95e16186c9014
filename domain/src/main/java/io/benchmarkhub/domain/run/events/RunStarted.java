package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/** An executor began making calls for the run (once per run, however often it is resumed). */
@Revision("1")
public record RunStarted(RunId runId) implements RunEvent {}

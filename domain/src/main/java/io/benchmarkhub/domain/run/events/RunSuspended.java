package io.benchmarkhub.domain.run.events;

import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/**
 * The run waits for its requester: a BYOK run whose key was lost with the node that ran it (the key is kept in memory
 * only). Nothing is called or recorded until {@link RunResumed}; the time it waits does not count toward its timeout.
 */
@Revision("1")
public record RunSuspended(RunId runId, String reason) implements RunEvent {}

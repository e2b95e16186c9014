package io.benchmarkhub.domain.watcher.events;

import org.axonframework.serialization.Revision;

/**
 * A new matching model made the watcher run one benchmark: {@code runId} is the run, or null when it was not started
 * ({@code reason} {@code BUDGET_REACHED} or {@code REFUSED}, {@code detail} says why).
 */
@Revision("1")
public record WatcherTriggered(
        String watcherId, String modelId, String benchmarkId, String runId, String reason, String detail)
        implements WatcherEvent {}

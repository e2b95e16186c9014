package io.benchmarkhub.domain.watcher.events;

import org.axonframework.serialization.Revision;

/**
 * The watcher runs again. {@code pendingModels} counts the matching models that appeared while it was paused: each is
 * evaluated once, as if it had appeared now.
 */
@Revision("1")
public record WatcherResumed(String watcherId, String resumedBy, int pendingModels) implements WatcherEvent {}

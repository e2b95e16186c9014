package io.benchmarkhub.domain.watcher.events;

import org.axonframework.serialization.Revision;

/** The watcher is gone, with its release reports; the runs it made stay. */
@Revision("1")
public record WatcherDeleted(String watcherId, String deletedBy) implements WatcherEvent {}

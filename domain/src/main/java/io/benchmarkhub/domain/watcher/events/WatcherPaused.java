package io.benchmarkhub.domain.watcher.events;

import org.axonframework.serialization.Revision;

/** The watcher starts no runs until it is resumed; models that appear meanwhile wait for the resume. */
@Revision("1")
public record WatcherPaused(String watcherId, String pausedBy) implements WatcherEvent {}

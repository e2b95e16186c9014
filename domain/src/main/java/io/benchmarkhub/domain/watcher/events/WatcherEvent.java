package io.benchmarkhub.domain.watcher.events;

/** What happened to a watcher (issue 16); stored under the watcher id, aggregate type {@code Watcher}, for the audit stream. */
public sealed interface WatcherEvent
        permits WatcherCreated, WatcherTriggered, WatcherPaused, WatcherResumed, WatcherDeleted {

    String AGGREGATE_TYPE = "Watcher";

    String watcherId();
}

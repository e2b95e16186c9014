package io.benchmarkhub.api.releases;

import io.benchmarkhub.api.audit.ActingUserMetadata;
import io.benchmarkhub.domain.schedule.events.ScheduleEvent;
import io.benchmarkhub.domain.watcher.events.WatcherEvent;
import java.util.HashMap;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends schedule and watcher events in the caller's transaction, after the caller locked the schedule's row, so the row change and
 * its event commit together and two nodes take turns on one schedule's sequence numbers.
 */
@Component
class ScheduleEvents {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public ScheduleEvents(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    /** Appends {@code event}; {@code actorId} is who did it (the owner, for fires). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(ScheduleEvent event, String actorId) {
        append(ScheduleEvent.AGGREGATE_TYPE, event.scheduleId(), event, actorId);
    }

    /** Appends a watcher's event, after the caller locked the watcher's row. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(WatcherEvent event, String actorId) {
        append(WatcherEvent.AGGREGATE_TYPE, event.watcherId(), event, actorId);
    }

    private void append(String type, String id, Object event, String actorId) {
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id);
        long next = last == null ? 0 : last + 1;
        var metaData = new HashMap<String, Object>();
        metaData.put(ActingUserMetadata.USER_ID, actorId);
        ActingUserMetadata.currentRequestId()
                .ifPresent(requestId -> metaData.put(ActingUserMetadata.REQUEST_ID, requestId));
        eventStore.publish(new GenericDomainEventMessage<>(type, id, next, event, MetaData.from(metaData)));
    }
}

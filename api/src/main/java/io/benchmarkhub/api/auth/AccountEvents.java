package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.audit.ActingUserMetadata;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.user.events.UserEvent;
import java.util.HashMap;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends account events to the event store, in the caller's transaction, so the row change and its event commit
 * together. Accounts are rows, not aggregates: the events are a record for the audit stream. They are stored under
 * the user's id as aggregate {@code User}; the user's row is locked first, so two nodes appending to one user take
 * turns instead of racing for the same sequence number.
 */
@Component
class AccountEvents {

    static final String AGGREGATE_TYPE = "User";

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public AccountEvents(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    /** Appends {@code event}; {@code actor} is who did it (null: the user themselves, or nobody signed in). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(UserEvent event, UserId actor) {
        String id = event.userId().value();
        jdbc.queryForList("SELECT id FROM app_user WHERE id = ? FOR UPDATE", String.class, id);
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id);
        long next = last == null ? 0 : last + 1;
        var metaData = new HashMap<String, Object>();
        metaData.put(ActingUserMetadata.USER_ID, (actor == null ? event.userId() : actor).value());
        ActingUserMetadata.currentRequestId()
                .ifPresent(requestId -> metaData.put(ActingUserMetadata.REQUEST_ID, requestId));
        eventStore.publish(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, next, event, MetaData.from(metaData)));
    }
}

package io.benchmarkhub.api.billing;

import io.benchmarkhub.api.audit.ActingUserMetadata;
import io.benchmarkhub.domain.billing.events.SubscriptionEvent;
import java.util.HashMap;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends subscription events in the caller's transaction, so the row and its event commit together. The caller holds
 * the subscription row's lock, so two nodes take turns for the next sequence number.
 */
@Component
class SubscriptionEvents {

    static final String AGGREGATE_TYPE = "Subscription";

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    SubscriptionEvents(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void append(SubscriptionEvent event) {
        String id = event.subscriptionId();
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id);
        long next = last == null ? 0 : last + 1;
        var metaData = new HashMap<String, Object>();
        // Stripe, not a user, made this change
        metaData.put(ActingUserMetadata.USER_ID, "stripe");
        ActingUserMetadata.currentRequestId()
                .ifPresent(requestId -> metaData.put(ActingUserMetadata.REQUEST_ID, requestId));
        eventStore.publish(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, next, event, MetaData.from(metaData)));
    }
}

package io.benchmarkhub.api.webhooks;

import io.benchmarkhub.api.audit.ActingUserMetadata;
import io.benchmarkhub.domain.webhook.events.WebhookEvent;
import java.util.HashMap;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends a webhook's events in the caller's transaction, after the caller locked (or inserted) the webhook's row, so the
 * row change and its event commit together (the pattern of schedules and watchers).
 */
@Component
class WebhookEventLog {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    WebhookEventLog(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    /** Appends {@code event}; {@code actorId} is who did it (the owner; for a disabling, the owner too). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(WebhookEvent event, String actorId) {
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                event.webhookId());
        long next = last == null ? 0 : last + 1;
        var metaData = new HashMap<String, Object>();
        metaData.put(ActingUserMetadata.USER_ID, actorId);
        ActingUserMetadata.currentRequestId()
                .ifPresent(requestId -> metaData.put(ActingUserMetadata.REQUEST_ID, requestId));
        eventStore.publish(new GenericDomainEventMessage<>(
                WebhookEvent.AGGREGATE_TYPE, event.webhookId(), next, event, MetaData.from(metaData)));
    }
}

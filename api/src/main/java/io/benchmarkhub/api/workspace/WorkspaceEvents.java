package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.audit.ActingUserMetadata;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.events.WorkspaceEvent;
import java.util.HashMap;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends workspace events to the event store in the caller's transaction, so the row change and its event commit
 * together (as AccountEvents does for accounts). The caller has locked the workspace row, so two nodes appending to one
 * workspace take turns instead of racing for the same sequence number.
 */
@Component
class WorkspaceEvents {

    static final String AGGREGATE_TYPE = "Workspace";

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    WorkspaceEvents(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void append(WorkspaceEvent event, UserId actor) {
        String id = event.workspaceId();
        Long last = jdbc.queryForObject(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id);
        long next = last == null ? 0 : last + 1;
        var metaData = new HashMap<String, Object>();
        metaData.put(ActingUserMetadata.USER_ID, actor.value());
        ActingUserMetadata.currentRequestId()
                .ifPresent(requestId -> metaData.put(ActingUserMetadata.REQUEST_ID, requestId));
        eventStore.publish(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, next, event, MetaData.from(metaData)));
    }
}

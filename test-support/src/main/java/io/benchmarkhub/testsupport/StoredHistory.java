package io.benchmarkhub.testsupport;

import java.time.Instant;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An {@link EventHistory} appended to the application's real event store, for tests through the whole app: each stream
 * goes on after the events already stored for it, and a run's lease is held before its first event is published, so no
 * executor of the application resumes a hand-made run.
 */
public final class StoredHistory {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public StoredHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    /** A new history whose streams continue the stored ones and whose runs are leased to the test. */
    public EventHistory history() {
        return new EventHistory(this::nextSequence).onAppend(event -> {
            if (event.aggregateType().equals("Run")) holdLease(event.aggregateId());
        });
    }

    /** Appends {@code events} to their streams as one commit, all at {@code at} (null: the message clock's). */
    public void publish(Instant at, Object... events) {
        history().at(at).append(events).publishTo(eventStore);
    }

    /** Appends the history's pending events as one commit. */
    public void publish(EventHistory history) {
        history.publishTo(eventStore);
    }

    /** Appends one event to the stream {@code type} {@code id} at {@code at}. */
    public void publish(String type, String id, Instant at, Object event) {
        history().append(type, id, at, event).publishTo(eventStore);
    }

    /** Holds the run's lease for a day under the node 'test-script'. */
    public void holdLease(String runId) {
        jdbc.update("""
                INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, 'test-script', now() + interval '1 day')
                ON CONFLICT (run_id) DO NOTHING""", runId);
    }

    /** The sequence number after the stream's last stored event (0 for a new stream). */
    public long nextSequence(String aggregateId) {
        List<Long> last = jdbc.queryForList(
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                aggregateId);
        return last.isEmpty() || last.getFirst() == null ? 0 : last.getFirst() + 1;
    }
}

package io.benchmarkhub.api.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the tamper-evident hash chain ({@code event_hash_chain}) as events are appended. The processor has one
 * segment, so one node at a time extends the chain, in the order the store delivers events (a gap filled late is
 * chained when it arrives). A batch reads its stored rows once and appends its links in one JDBC batch, in the
 * transaction that stores the token. An event delivered again (a replay, a lost token) is never chained twice.
 */
@Component
@ProcessingGroup(EventHashChain.NAME)
class EventHashChain {

    public static final String NAME = "audit-chain";
    private static final String RESOURCE = EventHashChain.class.getName();

    private final JdbcTemplate jdbc;

    public EventHashChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EventMessage<?> event) {
        // The event is named by its identifier, not by its tracking token: a late-committed event that fills a gap
        // carries a token positioned at the stream's head, which names another (already chained) event.
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(RESOURCE, key -> {
                    Set<String> batch = new LinkedHashSet<>();
                    root.onPrepareCommit(uow -> append(batch));
                    return batch;
                })
                .add(event.getIdentifier());
    }

    private void append(Set<String> delivered) {
        Map<String, StoredRow> stored = new HashMap<>();
        jdbc.query(
                "SELECT " + ChainLink.COLUMNS + " FROM domain_event_entry e WHERE e.event_identifier = ANY(?)"
                        + " AND NOT EXISTS (SELECT 1 FROM event_hash_chain c WHERE c.global_index = e.global_index)",
                rs -> {
                    stored.put(
                            rs.getString("event_identifier"),
                            new StoredRow(rs.getLong("global_index"), ChainLink.rowDigest(rs)));
                },
                (Object) delivered.toArray(String[]::new));
        if (stored.isEmpty()) return;
        var head = jdbc.query(
                "SELECT chain_position, link_hash FROM event_hash_chain ORDER BY chain_position DESC LIMIT 1",
                rs -> rs.next() ? new Link(rs.getLong(1), rs.getBytes(2)) : new Link(0, ChainLink.GENESIS));
        long position = head.position();
        byte[] link = head.hash();
        List<Object[]> rows = new ArrayList<>(stored.size());
        for (String identifier : delivered) {
            StoredRow row = stored.get(identifier);
            if (row == null) continue; // chained before (a replay, a lost token)
            link = ChainLink.next(link, row.digest());
            rows.add(new Object[] {++position, row.globalIndex(), link});
        }
        jdbc.batchUpdate(
                "INSERT INTO event_hash_chain (chain_position, global_index, link_hash) VALUES (?, ?, ?)", rows);
    }

    private record StoredRow(long globalIndex, byte[] digest) {}

    private record Link(long position, byte[] hash) {}
}

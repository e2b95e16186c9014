package io.benchmarkhub.api.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the tamper-evident hash chain ({@code event_hash_chain}) as events are appended. The processor has one
 * segment, so one node at a time extends the chain, in the order the store delivers events (a gap filled late is
 * chained when it arrives). A batch reads its stored rows once and appends its links in one JDBC batch, in the
 * transaction that stores the token. An event delivered again (a replay, a lost token) is never chained twice. The rows
 * are found at their tracking token's position (the primary key), not by event identifier (a text index probe in every
 * partition).
 */
@Component
@ProcessingGroup(EventHashChain.NAME)
class EventHashChain {

    public static final String NAME = "audit-chain";
    private static final String RESOURCE = EventHashChain.class.getName();

    /** The hashed columns of stored rows and whether each is chained already (null: not). */
    private static final String ROWS = "SELECT " + ChainLink.COLUMNS
            + ", (SELECT true FROM event_hash_chain c WHERE c.global_index = e.global_index) AS chained"
            + " FROM domain_event_entry e ";

    private final JdbcTemplate jdbc;

    public EventHashChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EventMessage<?> event) {
        // The event is named by its identifier, not by its tracking token: a late-committed event that fills a gap
        // carries a token positioned at the stream's head, which names another (already chained) event. The token's
        // position is still where the event almost always is, so it is looked up there first.
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(RESOURCE, key -> {
                    Map<String, Long> batch = new LinkedHashMap<>();
                    root.onPrepareCommit(uow -> append(batch));
                    return batch;
                })
                .putIfAbsent(event.getIdentifier(), positionOf(event));
    }

    /** Where the tracking token says the event is: its own position, unless it filled a gap (null: not tracked). */
    private static Long positionOf(EventMessage<?> event) {
        if (!(event instanceof TrackedEventMessage<?> tracked) || tracked.trackingToken() == null) return null;
        OptionalLong position = tracked.trackingToken().position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    /**
     * Chains the delivered events not chained yet, in delivery order. Their stored rows are read by position (the
     * primary key) and confirmed by identifier; only an event not found at its token's position (one that filled a gap)
     * is looked up by identifier, which probes every partition's identifier index. Whether a row is chained already is
     * a per-row probe of {@code event_hash_chain}'s unique index (a scalar subquery): as {@code NOT EXISTS} it may be
     * planned as a hash anti-join, which reads the whole chain table on every call.
     */
    private void append(Map<String, Long> delivered) {
        Map<String, StoredRow> stored = new HashMap<>();
        Set<String> chainedBefore = new HashSet<>();
        RowCallbackHandler collect = rs -> {
            String identifier = rs.getString("event_identifier");
            if (!delivered.containsKey(identifier)) return;
            if (rs.getBoolean("chained")) chainedBefore.add(identifier);
            else stored.put(identifier, new StoredRow(rs.getLong("global_index"), ChainLink.rowDigest(rs)));
        };
        Long[] positions =
                delivered.values().stream().filter(Objects::nonNull).distinct().toArray(Long[]::new);
        if (positions.length > 0) jdbc.query(ROWS + "WHERE e.global_index = ANY(?)", collect, (Object) positions);
        String[] elsewhere = delivered.keySet().stream()
                .filter(identifier -> !stored.containsKey(identifier) && !chainedBefore.contains(identifier))
                .toArray(String[]::new);
        if (elsewhere.length > 0) jdbc.query(ROWS + "WHERE e.event_identifier = ANY(?)", collect, (Object) elsewhere);
        if (stored.isEmpty()) return;
        var head = jdbc.query(
                "SELECT chain_position, link_hash FROM event_hash_chain ORDER BY chain_position DESC LIMIT 1",
                rs -> rs.next() ? new Link(rs.getLong(1), rs.getBytes(2)) : new Link(0, ChainLink.GENESIS));
        long position = head.position();
        byte[] link = head.hash();
        List<Object[]> rows = new ArrayList<>(stored.size());
        for (String identifier : delivered.keySet()) {
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

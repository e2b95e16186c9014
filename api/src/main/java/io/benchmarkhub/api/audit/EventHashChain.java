package io.benchmarkhub.api.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the tamper-evident hash chain ({@code event_hash_chain}) as events are appended. The processor has one
 * segment, so one node at a time extends the chain, in the order the store delivers events (a gap filled late is
 * chained when it arrives). A batch reads its stored rows once and appends its links in one JDBC batch, in the
 * transaction that stores the token. An event delivered again (a replay, a lost token) is never chained twice.
 */
@Component
@ProcessingGroup(EventHashChain.NAME)
public class EventHashChain {

    public static final String NAME = "audit-chain";
    private static final String RESOURCE = EventHashChain.class.getName();

    private final JdbcTemplate jdbc;

    public EventHashChain(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EventMessage<?> event, TrackingToken token) {
        long globalIndex = token.position().orElseThrow(() -> new IllegalStateException("no position for " + event.getIdentifier()));
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(RESOURCE, key -> {
            Set<Long> batch = new LinkedHashSet<>();
            root.onPrepareCommit(uow -> append(batch));
            return batch;
        }).add(globalIndex);
    }

    private void append(Set<Long> delivered) {
        Set<Long> chained = new HashSet<>(jdbc.queryForList(
                "SELECT global_index FROM event_hash_chain WHERE global_index = ANY(?)", Long.class,
                (Object) delivered.toArray(Long[]::new)));
        List<Long> unchained = delivered.stream().filter(index -> !chained.contains(index)).toList();
        if (unchained.isEmpty()) return;
        Map<Long, byte[]> digests = new HashMap<>();
        jdbc.query("SELECT " + ChainLink.COLUMNS + " FROM domain_event_entry e WHERE e.global_index = ANY(?)",
                rs -> {
                    digests.put(rs.getLong("global_index"), ChainLink.rowDigest(rs));
                }, (Object) unchained.toArray(Long[]::new));
        var head = jdbc.query("SELECT chain_position, link_hash FROM event_hash_chain ORDER BY chain_position DESC LIMIT 1",
                rs -> rs.next() ? new Link(rs.getLong(1), rs.getBytes(2)) : new Link(0, ChainLink.GENESIS));
        long position = head.position();
        byte[] link = head.hash();
        List<Object[]> rows = new ArrayList<>(unchained.size());
        for (long index : unchained) {
            byte[] digest = digests.get(index);
            if (digest == null) throw new IllegalStateException("event " + index + " was delivered but is not stored");
            link = ChainLink.next(link, digest);
            rows.add(new Object[]{++position, index, link});
        }
        jdbc.batchUpdate("INSERT INTO event_hash_chain (chain_position, global_index, link_hash) VALUES (?, ?, ?)", rows);
    }

    private record Link(long position, byte[] hash) {
    }
}

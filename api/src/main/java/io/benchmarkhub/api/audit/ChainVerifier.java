package io.benchmarkhub.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes the hash chain from the stored events in chain order and compares every link with the stored one.
 * The first difference names the first event whose row (or whose predecessor's link) was changed or removed.
 */
@Component
class ChainVerifier {

    /**
     * {@code verified}: links checked; {@code firstBrokenPosition}: the global position of the first event whose
     * link does not match (absent when ok); {@code chainHead}: the last stored link (hex), to record elsewhere;
     * {@code unchained}: events stored but not yet chained (the chain processor's lag, not a fault).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChainVerification(
            long verified, boolean ok, Long firstBrokenPosition, String chainHead, long chainLength, long unchained) {}

    private final JdbcTemplate jdbc;

    public ChainVerifier(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        // streamed through a cursor (inside the read-only transaction), never the whole store in memory
        jdbc.setFetchSize(1000);
    }

    @Transactional(readOnly = true)
    public ChainVerification verify() {
        var state = new Object() {
            byte[] link = ChainLink.GENESIS;
            long verified;
            Long broken;
            long length;
            byte[] head;
        };
        jdbc.query("SELECT c.global_index AS chained_index, c.link_hash, " + ChainLink.COLUMNS + """
                 FROM event_hash_chain c LEFT JOIN domain_event_entry e ON e.global_index = c.global_index
                ORDER BY c.chain_position""", rs -> {
            state.length++;
            byte[] stored = rs.getBytes("link_hash");
            state.head = stored;
            if (state.broken != null) return;
            boolean present = rs.getObject("global_index") != null;
            byte[] expected = present ? ChainLink.next(state.link, ChainLink.rowDigest(rs)) : null;
            if (expected == null || !MessageDigest.isEqual(expected, stored)) {
                state.broken = rs.getLong("chained_index");
                return;
            }
            state.link = stored;
            state.verified++;
        });
        Long unchained = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry e WHERE NOT EXISTS (SELECT 1 FROM event_hash_chain c WHERE c.global_index = e.global_index)",
                Long.class);
        return new ChainVerification(
                state.verified,
                state.broken == null,
                state.broken,
                state.head == null ? null : HexFormat.of().formatHex(state.head),
                state.length,
                unchained == null ? 0 : unchained);
    }
}

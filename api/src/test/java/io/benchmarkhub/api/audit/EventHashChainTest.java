package io.benchmarkhub.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hash chain over the event store: kept as events are appended, and GET /api/audit/verify names an edited row. */
class EventHashChainTest extends ApiTestBase {

    private JsonNode verify() {
        Response verified = send("GET", "/api/audit/verify", ADMIN_TOKEN, null);
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        return verified.body();
    }

    private JsonNode verifiedWhenChained() {
        try {
            eventually(() -> verify().get("unchained").asLong() == 0, "every stored event is chained");
        } catch (AssertionError e) {
            // which events, and where the chain processor's token is, say why
            throw new AssertionError(
                    e.getMessage() + "; unchained: " + jdbc.queryForList("""
                    SELECT e.global_index, e.payload_type, e.time_stamp FROM domain_event_entry e
                    WHERE NOT EXISTS (SELECT 1 FROM event_hash_chain c WHERE c.global_index = e.global_index) ORDER BY 1 LIMIT 5""")
                            + "; token: "
                            + jdbc.queryForList(
                                    "SELECT segment, owner, convert_from(token, 'UTF8') AS token FROM token_entry WHERE processor_name = 'audit-chain'"),
                    e);
        }
        return verify();
    }

    private long position(String aggregateId, long sequence) {
        return jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
                Long.class,
                aggregateId,
                sequence);
    }

    @Test
    void an_untouched_store_verifies_and_every_event_is_chained_once() {
        String id = createBenchmark(alice, "Chained", "PRIVATE");
        send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"1+1\", \"expected\": \"2\"}");

        JsonNode result = verifiedWhenChained();
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.has("firstBrokenPosition")).isFalse();
        assertThat(result.get("verified").asLong())
                .isEqualTo(result.get("chainLength").asLong())
                .isEqualTo(totalEvents());
        assertThat(result.get("chainHead").asText()).hasSize(64);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM event_hash_chain WHERE global_index IN (?, ?)",
                        Long.class,
                        position(id, 0),
                        position(id, 1)))
                .isEqualTo(2);
        // chain positions have no holes: each link follows exactly one other
        assertThat(jdbc.queryForObject("SELECT max(chain_position) = count(*) FROM event_hash_chain", Boolean.class))
                .isTrue();
    }

    @Test
    void an_edited_payload_is_named_by_its_position_and_the_restored_row_verifies_again() {
        String id = createBenchmark(alice, "Tampered", "PRIVATE");
        send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"7*6\", \"expected\": \"42\"}");
        send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"8*8\", \"expected\": \"64\"}");
        assertThat(verifiedWhenChained().get("ok").asBoolean()).isTrue();
        long edited = position(id, 1);
        byte[] original = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE global_index = ?", byte[].class, edited);
        try {
            int changed = jdbc.update("""
                    UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '"42"', '"43"'), 'UTF8')
                     WHERE global_index = ?""", edited);
            assertThat(changed).isEqualTo(1);

            JsonNode result = verify();
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("firstBrokenPosition").asLong()).isEqualTo(edited);
            assertThat(result.get("verified").asLong())
                    .isLessThan(result.get("chainLength").asLong());
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", original, edited);
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void edited_metadata_breaks_the_chain_too() {
        String id = createBenchmark(alice, "Who did it", "PRIVATE");
        assertThat(verifiedWhenChained().get("ok").asBoolean()).isTrue();
        long edited = position(id, 0);
        byte[] original = jdbc.queryForObject(
                "SELECT meta_data FROM domain_event_entry WHERE global_index = ?", byte[].class, edited);
        try {
            jdbc.update(
                    "UPDATE domain_event_entry SET meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'), ?, ?), 'UTF8') WHERE global_index = ?",
                    alice.id(),
                    bob.id(),
                    edited);
            assertThat(verify().get("firstBrokenPosition").asLong()).isEqualTo(edited);
        } finally {
            jdbc.update("UPDATE domain_event_entry SET meta_data = ? WHERE global_index = ?", original, edited);
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    private boolean chained(long globalIndex) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM event_hash_chain WHERE global_index = ?", Long.class, globalIndex)
                == 1;
    }

    @Test
    void an_event_committed_after_later_ones_is_chained_under_its_own_position() throws Exception {
        String early = createBenchmark(alice, "Committed late", "PRIVATE");
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT * FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0", early);
        String late = "bm_" + UUID.randomUUID().toString().replace("-", "");
        // a transaction takes its position first and commits after a later event has been chained: readers see a gap,
        // then the event filling it, whose tracking token is positioned at the stream's head, not at the event
        try (Connection held = jdbc.getDataSource().getConnection()) {
            held.setAutoCommit(false);
            long lateIndex;
            try (PreparedStatement insert = held.prepareStatement("""
                    INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                    payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?) RETURNING global_index""")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, late);
                insert.setString(3, (String) row.get("type"));
                insert.setString(4, Instant.now().toString());
                insert.setString(5, (String) row.get("payload_type"));
                insert.setString(6, (String) row.get("payload_revision"));
                insert.setBytes(
                        7,
                        new String((byte[]) row.get("payload"), StandardCharsets.UTF_8)
                                .replace(early, late)
                                .getBytes(StandardCharsets.UTF_8));
                insert.setBytes(8, (byte[]) row.get("meta_data"));
                try (ResultSet inserted = insert.executeQuery()) {
                    inserted.next();
                    lateIndex = inserted.getLong(1);
                }
            }
            String after = createBenchmark(alice, "Committed first", "PRIVATE");
            eventually(() -> chained(position(after, 0)), "the later event is chained");
            held.commit();
            eventually(() -> chained(lateIndex), "the late event is chained under its own position");
        }
        JsonNode result = verifiedWhenChained();
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("verified").asLong()).isEqualTo(totalEvents());
    }

    @Test
    void only_admins_and_analysts_verify() {
        assertThat(get("/api/audit/verify", alice).status()).isEqualTo(403);
        assertThat(get("/api/audit/verify", (Caller) null).status()).isEqualTo(401);
    }
}

package io.benchmarkhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events stored by the code before case weights (revision 1, src/test/resources/events/revision-1-rows.json) inserted into
 * domain_event_entry row by row as that code wrote them, then used by today's code: the aggregates load and take
 * commands, every read sees weight 1, replay rebuilds the same detail, the audit stream shows each row's stored revision
 * and the hash chain still verifies, because no stored row is rewritten.
 */
class RevisionOneEventsEndToEndTest extends ApiTestBase {

    private static final String OLD_OWNER = "usr_3eb3426b792d4bcb8f2ab6f519024c06";
    private static final String OLD_FORKER = "usr_efddd8f5694b490bb38346e6e41d432c";
    private static final String OLD_BENCHMARK = "bm_bcb76c4e7be94c3b939d46d5d3a89a9d";
    private static final String OLD_FORK = "bm_9773281d6f5d42219f9eb0e02f8853ea";
    private static final String OLD_RUN = "run_d3c859da545744f39cd874473f4c798d";
    /** The content hash revision 1 stored for version 3 (and that the run pinned). */
    private static final String V3_HASH = "sha256:6303c39c754b70ba410ddcec6269ff6fd2a6aae296daa4782df3cba32f439fc1";

    private static final String V1_HASH = "sha256:817d82ed55672434c0f9293fe3a28b194f3724ef97cd2f45e76e96c223c761fa";

    private String benchmark;
    private String fork;
    private String run;
    private final Map<Long, Instant> storedAt = new LinkedHashMap<>();

    /** The fixture's rows with fresh ids for this test's users and aggregates, stamped now; every other byte as stored. */
    private void insertRevisionOneRows() throws IOException {
        benchmark = "bm_" + UUID.randomUUID().toString().replace("-", "");
        fork = "bm_" + UUID.randomUUID().toString().replace("-", "");
        run = "run_" + UUID.randomUUID().toString().replace("-", "");
        // no executor may pick the old run up: this test only loads it
        jdbc.update(
                "INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, 'test-script', now() + interval '1 day')",
                run);
        try (InputStream in = getClass().getResourceAsStream("/events/revision-1-rows.json")) {
            JsonNode rows = mapper.readTree(in);
            // Stored now, a second apart as they were: a row stamped in the past at the head of the store would make
            // every
            // reader drop the gaps below it (the store's gapTimeout), losing events other tests are committing
            // meanwhile.
            Instant last = Instant.EPOCH;
            for (JsonNode row : rows)
                last = latest(last, Instant.parse(row.get("time_stamp").asText()));
            Duration shift = Duration.between(last, Instant.now());
            for (JsonNode row : rows) {
                Instant stamped = Instant.parse(row.get("time_stamp").asText()).plus(shift);
                String payload = fresh(row.get("payload").asText());
                String metadata = fresh(row.get("meta_data").asText());
                jdbc.update(
                        """
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                        payload_type, payload_revision, payload, meta_data)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        UUID.randomUUID().toString(),
                        fresh(row.get("aggregate_identifier").asText()),
                        row.get("sequence_number").asLong(),
                        row.get("type").asText(),
                        stamped.toString(),
                        row.get("payload_type").asText(),
                        row.get("payload_revision").asText(),
                        payload.getBytes(StandardCharsets.UTF_8),
                        metadata.getBytes(StandardCharsets.UTF_8));
                if (row.get("aggregate_identifier").asText().equals(OLD_BENCHMARK)) {
                    storedAt.put(row.get("sequence_number").asLong(), stamped);
                }
            }
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private String fresh(String stored) {
        return stored.replace(OLD_OWNER, alice.id())
                .replace(OLD_FORKER, bob.id())
                .replace(OLD_BENCHMARK, benchmark)
                .replace(OLD_FORK, fork)
                .replace(OLD_RUN, run);
    }

    private JsonNode detail(String id, Caller caller) {
        Response response = get("/api/benchmarks/" + id, caller);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private static List<Double> weights(JsonNode benchmark) {
        var weights = new ArrayList<Double>();
        benchmark.get("cases").forEach(c -> weights.add(c.get("weight").asDouble()));
        return weights;
    }

    @Test
    void revision_1_events_load_replay_and_audit_as_revision_2_without_changing_a_stored_byte_or_hash()
            throws IOException {
        insertRevisionOneRows();
        eventually(
                () -> get("/api/benchmarks/" + benchmark, alice).status() == 200
                        && get("/api/benchmarks/" + fork, bob).status() == 200
                        && get("/api/runs/" + run, alice).status() == 200,
                "the projections apply the stored events");

        // the detail projection saw upcast events: weight 1 everywhere, the hash revision 1 stored
        JsonNode before = detail(benchmark, alice);
        assertThat(before.get("version").asLong()).isEqualTo(3);
        assertThat(before.get("contentHash").asText()).isEqualTo(V3_HASH);
        assertThat(before.get("cases").findValuesAsText("id")).containsExactly("c1", "c2", "c3");
        assertThat(weights(before)).containsExactly(1.0, 1.0, 1.0);
        assertThat(before.get("cases").get(0).get("tags").toString()).isEqualTo("[\"easy\",\"revised\"]");
        JsonNode forked = detail(fork, bob);
        assertThat(weights(forked)).containsExactly(1.0, 1.0, 1.0);
        assertThat(forked.get("contentHash").asText()).isEqualTo(V3_HASH);
        assertThat(forked.get("forkedFrom").get("id").asText()).isEqualTo(benchmark);

        // the BenchmarkHistory fold (time travel) sees them too, with the hash each version stored
        JsonNode v1 = get("/api/benchmarks/" + benchmark + "?asOf=" + storedAt.get(0L), alice)
                .body();
        assertThat(v1.get("version").asLong()).isEqualTo(1);
        assertThat(v1.get("contentHash").asText()).isEqualTo(V1_HASH);
        assertThat(weights(v1)).containsExactly(1.0, 1.0);

        // the old run pinned version 3's hash, which is still the benchmark's: its board is version 3's
        JsonNode oldRun = get("/api/runs/" + run, alice).body();
        assertThat(oldRun.toString()).contains(V3_HASH);
        assertThat(oldRun.get("caseWeights").toString())
                .as("RunRequested revision 1 pinned no weights")
                .isEqualTo("{}");
        // the Run aggregate loads from its upcast RunRequested and takes a command
        Response cancelled = send("POST", "/api/runs/" + run + "/cancel", alice, null);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(eventCount(run)).isEqualTo(2);

        // the Benchmark aggregate loads at version 3 (If-Match) and takes commands of revision 2
        Response added = send(
                "POST",
                "/api/benchmarks/" + benchmark + "/cases",
                alice,
                "{\"input\": \"9*9\", \"expected\": \"81\", \"weight\": 2}",
                "If-Match",
                "\"3\"");
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.body().get("version").asLong()).isEqualTo(4);
        // an old case sent again without a weight is the same case: nothing is appended
        Response same = send(
                "PUT",
                "/api/benchmarks/" + benchmark + "/cases/c1",
                alice,
                "{\"input\": \"2+2\", \"expected\": \"4\", \"tags\": [\"easy\", \"revised\"]}");
        assertThat(same.status()).as(same.text()).isEqualTo(200);
        assertThat(eventCount(benchmark)).isEqualTo(4);
        eventually(() -> detail(benchmark, alice).get("version").asLong() == 4, "the detail shows version 4");
        JsonNode after = detail(benchmark, alice);
        assertThat(weights(after)).containsExactly(1.0, 1.0, 1.0, 2.0);
        assertThat(after.get("contentHash").asText()).isNotEqualTo(V3_HASH);
        String export = get("/api/benchmarks/" + benchmark + "/export?format=jsonl", alice)
                .text();
        assertThat(export.lines().toList()).hasSize(4);
        assertThat(export.lines().toList().get(3)).contains("\"weight\":2.0");
        assertThat(export.lines().toList().get(0)).doesNotContain("weight");

        // the audit stream shows each row as stored: revision 1 without weights, then the new revision-2 event
        JsonNode audit =
                get("/api/audit/events?aggregateId=" + benchmark, alice).body().get("items");
        assertThat(audit.findValuesAsText("revision")).containsExactly("1", "1", "1", "2");
        assertThat(audit.get(1).get("payload").get("testCase").has("weight")).isFalse();
        assertThat(audit.get(3).get("payload").get("testCase").get("weight").asDouble())
                .isEqualTo(2.0);

        // the chain hashes the stored bytes, which nobody rewrote
        eventually(
                () -> send("GET", "/api/audit/verify", ADMIN_TOKEN, null)
                                .body()
                                .get("unchained")
                                .asLong()
                        == 0,
                "every event is chained");
        JsonNode verified = send("GET", "/api/audit/verify", ADMIN_TOKEN, null).body();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();

        // a replay of the detail projection reads the same upcast events and rebuilds the same state
        assertThat(send("POST", "/api/admin/projections/benchmark-detail/replay", ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(202);
        eventually(
                () -> {
                    for (JsonNode p : send("GET", "/api/admin/projections", ADMIN_TOKEN, null)
                            .body()) {
                        if (p.get("name").asText().equals("benchmark-detail")) {
                            return p.get("state").asText().equals("LIVE")
                                    && p.get("lag").asLong() == 0;
                        }
                    }
                    return false;
                },
                "benchmark-detail has replayed");
        eventually(() -> get("/api/benchmarks/" + benchmark, alice).status() == 200, "the benchmark is back");
        JsonNode rebuilt = detail(benchmark, alice);
        assertThat(rebuilt.get("cases")).isEqualTo(after.get("cases"));
        assertThat(rebuilt.get("contentHash")).isEqualTo(after.get("contentHash"));
        assertThat(rebuilt.get("version")).isEqualTo(after.get("version"));
        assertThat(get("/api/benchmarks/" + benchmark + "/versions/3", alice)
                        .body()
                        .get("contentHash")
                        .asText())
                .isEqualTo(V3_HASH);
        assertThat(weights(detail(fork, bob))).containsExactly(1.0, 1.0, 1.0);
    }
}

package io.benchmarkhub.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/audit/events over HTTP: filters, paging, the acting user in the metadata, and who may read what. */
class AuditEventsTest extends ApiTestBase {

    private Caller analyst() {
        return createUser("analyst", "ANALYST");
    }

    private JsonNode events(String query, Caller caller) {
        Response page = get("/api/audit/events?" + query, caller);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.body();
    }

    @Test
    void an_analyst_reads_a_benchmarks_events_with_payload_revision_time_and_who_did_it() {
        String id = createBenchmark(alice, "Audited", "PRIVATE");
        Response added = send(
                "POST",
                "/api/benchmarks/" + id + "/cases",
                alice,
                "{\"input\": \"7*6\", \"expected\": \"42\"}",
                "X-Request-Id",
                "audit-test-42");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.header("X-Request-Id")).isEqualTo("audit-test-42");

        JsonNode page = events("aggregateId=" + id, analyst());
        JsonNode items = page.get("items");
        assertThat(items).hasSize(2);
        JsonNode created = items.get(0);
        assertThat(created.get("aggregateId").asText()).isEqualTo(id);
        assertThat(created.get("aggregateType").asText()).isEqualTo("Benchmark");
        assertThat(created.get("sequence").asLong()).isZero();
        assertThat(created.get("type").asText()).isEqualTo("BenchmarkCreated");
        assertThat(created.get("revision").asText()).isEqualTo("3");
        assertThat(created.get("payload").get("title").asText()).isEqualTo("Audited");
        assertThat(created.get("metadata").get("userId").asText()).isEqualTo(alice.id());
        assertThat(created.get("metadata").get("requestId").asText()).startsWith("req_");
        assertThat(created.get("metadata").get("correlationId")).isNotNull();
        assertThat(Instant.parse(created.get("timestamp").asText())).isBefore(Instant.now());

        JsonNode caseAdded = items.get(1);
        assertThat(caseAdded.get("type").asText()).isEqualTo("TestCaseAdded");
        assertThat(caseAdded.get("sequence").asLong()).isEqualTo(1);
        assertThat(caseAdded.get("payload").get("testCase").get("expected").asText())
                .isEqualTo("42");
        assertThat(caseAdded.get("metadata").get("requestId").asText()).isEqualTo("audit-test-42");
        assertThat(caseAdded.get("metadata").get("userId").asText()).isEqualTo(alice.id());
        assertThat(caseAdded.get("position").asLong())
                .isGreaterThan(created.get("position").asLong());
        assertThat(page.get("nextAfter").asLong())
                .isEqualTo(caseAdded.get("position").asLong());
        // metadata says who and which request, and nothing else (no tokens, no handles)
        List<String> keys = new ArrayList<>();
        caseAdded.get("metadata").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsOnly("userId", "requestId", "correlationId", "traceId");
    }

    @Test
    void events_filter_by_type_and_time_and_page_by_global_position() {
        String id = createBenchmark(alice, "Paged", "PRIVATE");
        for (int i = 0; i < 3; i++) {
            assertThat(send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"" + i + "\"}")
                            .status())
                    .isEqualTo(200);
        }
        Caller analyst = analyst();
        JsonNode all = events("aggregateId=" + id, analyst).get("items");
        assertThat(all).hasSize(4);

        JsonNode added =
                events("aggregateId=" + id + "&type=TestCaseAdded", analyst).get("items");
        assertThat(added).hasSize(3);
        assertThat(added.findValuesAsText("type")).containsOnly("TestCaseAdded");

        List<Long> paged = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 10; page++) {
            JsonNode body = events("aggregateId=" + id + "&limit=1&after=" + after, analyst);
            if (body.get("items").isEmpty()) {
                assertThat(body.get("nextAfter").asLong()).isEqualTo(after);
                break;
            }
            assertThat(body.get("items")).hasSize(1);
            paged.add(body.get("items").get(0).get("position").asLong());
            after = body.get("nextAfter").asLong();
        }
        assertThat(paged)
                .containsExactlyElementsOf(all.findValues("position").stream()
                        .map(JsonNode::asLong)
                        .toList());

        String second = all.get(1).get("timestamp").asText();
        String third = all.get(2).get("timestamp").asText();
        JsonNode window = events("aggregateId=" + id + "&from=" + second + "&to=" + third, analyst)
                .get("items");
        assertThat(window.findValues("position"))
                .containsExactly(all.get(1).get("position"), all.get(2).get("position"));
        // an analyst reads the whole stream without naming an aggregate
        assertThat(events("type=BenchmarkCreated&limit=1000", analyst)
                        .get("items")
                        .findValuesAsText("aggregateId"))
                .contains(id);
    }

    @Test
    void an_owner_reads_only_their_own_benchmarks_events() {
        String secret = createBenchmark(alice, "Alice private", "PRIVATE");
        String open = createBenchmark(alice, "Alice public", "PUBLIC");

        assertThat(events("aggregateId=" + secret, alice).get("items")).hasSize(1);
        assertThat(events("aggregateId=" + open, alice).get("items")).hasSize(1);
        assertThat(get("/api/audit/events", alice).status()).isEqualTo(403);
        assertThat(get("/api/audit/events?aggregateId=" + secret, bob).status()).isEqualTo(404);
        assertThat(get("/api/audit/events?aggregateId=bm_nothing", bob).status())
                .isEqualTo(404);
        assertThat(get("/api/audit/events?aggregateId=" + open, bob).status()).isEqualTo(403);
        assertThat(get("/api/audit/events?aggregateId=" + secret, (Caller) null).status())
                .isEqualTo(401);
        assertThat(send("GET", "/api/audit/events?aggregateId=" + secret, ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(200);
        assertThat(get("/api/audit/events?aggregateId=" + secret + "&limit=0", alice)
                        .status())
                .isEqualTo(400);
        assertThat(get("/api/audit/events?aggregateId=" + secret + "&from=yesterday", alice)
                        .status())
                .isEqualTo(400);
    }
}

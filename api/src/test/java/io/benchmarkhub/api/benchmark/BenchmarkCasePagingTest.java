package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.testsupport.EventClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/benchmarks/{id} pages its cases (issue 12 item 11): a 2,500-case benchmark is no longer one body. */
class BenchmarkCasePagingTest extends ApiTestBase {

    private String benchmark(int cases) {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++) items.add("{\"id\": \"k" + i + "\", \"input\": \"question " + i + "\"}");
        return createBenchmark(alice, """
                {"title": "Many cases", "visibility": "PRIVATE", "cases": [%s]}""".formatted(String.join(",", items)));
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    @Test
    void the_cases_come_in_pages_of_at_most_1000_that_follow_each_other_to_the_end() {
        String id = benchmark(2_500);

        JsonNode first = get("/api/benchmarks/" + id, alice).body();
        assertThat(first.get("cases")).hasSize(1000);
        assertThat(first.get("caseCount").asLong()).isEqualTo(2_500);
        assertThat(first.get("casesNextCursor").asText()).isNotBlank();

        var ids = new ArrayList<String>();
        first.get("cases").forEach(c -> ids.add(c.get("id").asText()));
        String cursor = first.get("casesNextCursor").asText();
        int pages = 1;
        while (cursor != null) {
            Response page = get("/api/benchmarks/" + id + "?casesLimit=1000&casesCursor=" + cursor, alice);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.body().get("cases").forEach(c -> ids.add(c.get("id").asText()));
            cursor = absent(page.body().get("casesNextCursor"))
                    ? null
                    : page.body().get("casesNextCursor").asText();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        var expected = new ArrayList<String>();
        for (int i = 1; i <= 2_500; i++) expected.add("k" + i);
        assertThat(ids).isEqualTo(expected);

        JsonNode small = get("/api/benchmarks/" + id + "?casesLimit=7", alice).body();
        assertThat(small.get("cases"))
                .extracting(c -> c.get("id").asText())
                .containsExactly("k1", "k2", "k3", "k4", "k5", "k6", "k7");
    }

    @Test
    void a_small_benchmark_is_one_page_as_before() {
        String id = createBenchmark(alice, "Two cases", "PRIVATE");
        JsonNode body = get("/api/benchmarks/" + id, alice).body();
        assertThat(body.get("cases")).hasSize(2);
        assertThat(body.get("caseCount").asLong()).isEqualTo(2);
        assertThat(absent(body.get("casesNextCursor"))).isTrue();
    }

    @Test
    void bad_limits_and_cursors_are_400s_naming_the_parameter_and_a_cursor_does_not_outlive_its_version() {
        String id = benchmark(5);
        assertThat(fieldOf(get("/api/benchmarks/" + id + "?casesLimit=0", alice)))
                .isEqualTo("casesLimit");
        assertThat(fieldOf(get("/api/benchmarks/" + id + "?casesLimit=1001", alice)))
                .isEqualTo("casesLimit");
        assertThat(fieldOf(get("/api/benchmarks/" + id + "?casesCursor=not-a-cursor", alice)))
                .isEqualTo("casesCursor");

        String cursor = get("/api/benchmarks/" + id + "?casesLimit=2", alice)
                .body()
                .get("casesNextCursor")
                .asText();
        assertThat(send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"one more\"}")
                        .status())
                .isEqualTo(200);
        Response stale = get("/api/benchmarks/" + id + "?casesLimit=2&casesCursor=" + cursor, alice);
        assertThat(fieldOf(stale)).isEqualTo("casesCursor");
        assertThat(stale.body().get("errors").get(0).get("message").asText())
                .contains("version 2")
                .contains("version 1");
    }

    @Test
    void the_openapi_document_describes_the_paging() {
        JsonNode spec = get("/v3/api-docs", null).body();
        List<String> parameters = new ArrayList<>();
        spec.get("paths")
                .get("/api/benchmarks/{id}")
                .get("get")
                .get("parameters")
                .forEach(p -> parameters.add(p.get("name").asText()));
        assertThat(parameters).contains("casesLimit", "casesCursor");
        JsonNode properties =
                spec.get("components").get("schemas").get("BenchmarkView").get("properties");
        assertThat(properties.has("caseCount")).isTrue();
        assertThat(properties.has("casesNextCursor")).isTrue();
        // the fair-use limits are in the document too
        JsonNode start =
                spec.get("paths").get("/api/runs").get("post").get("responses").get("429");
        assertThat(start.get("headers").has("Retry-After")).isTrue();
        assertThat(start.get("content").has("application/problem+json")).isTrue();
        JsonNode events =
                spec.get("paths").get("/api/runs/{id}/events").get("get").get("responses");
        assertThat(events.has("200")).isTrue();
        assertThat(events.get("429").get("headers").has("Retry-After")).isTrue();
    }

    @Test
    void a_past_state_pages_its_cases_the_same_way() throws InterruptedException {
        String id = benchmark(2_500);
        java.time.Instant before = EventClock.between();
        assertThat(send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"later\"}")
                        .status())
                .isEqualTo(200);

        JsonNode first = get("/api/benchmarks/" + id + "?asOf=" + before, alice).body();
        assertThat(first.get("version").asLong()).isEqualTo(1);
        assertThat(first.get("currentVersion").asLong()).isEqualTo(2);
        assertThat(first.get("cases")).hasSize(1000);
        assertThat(first.get("caseCount").asLong()).isEqualTo(2_500);
        var ids = new ArrayList<String>();
        first.get("cases").forEach(c -> ids.add(c.get("id").asText()));
        String cursor = first.get("casesNextCursor").asText();
        while (cursor != null) {
            JsonNode page = get("/api/benchmarks/" + id + "?asOf=" + before + "&casesCursor=" + cursor, alice)
                    .body();
            page.get("cases").forEach(c -> ids.add(c.get("id").asText()));
            cursor = absent(page.get("casesNextCursor"))
                    ? null
                    : page.get("casesNextCursor").asText();
        }
        assertThat(ids).hasSize(2_500).doesNotHaveDuplicates().first().isEqualTo("k1");
        assertThat(fieldOf(get("/api/benchmarks/" + id + "?asOf=" + before + "&casesLimit=0", alice)))
                .isEqualTo("casesLimit");
        assertThat(get("/api/benchmarks/" + id + "?asOf=" + before, bob).status())
                .as("private: not found for others")
                .isEqualTo(404);
    }

    private static String fieldOf(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        return response.body().get("errors").get(0).get("field").asText();
    }
}

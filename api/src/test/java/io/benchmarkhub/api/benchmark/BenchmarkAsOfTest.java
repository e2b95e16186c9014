package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.testsupport.EventClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GET /api/benchmarks/{id}?asOf=: the state rebuilt from the events stored up to an instant, visible as the benchmark is now. */
class BenchmarkAsOfTest extends ApiTestBase {

    /** An instant strictly between the last write's events and the next one's (the event clock never repeats an instant). */
    private static Instant pause() {
        return EventClock.between();
    }

    private JsonNode asOf(String id, Instant instant, Caller caller) {
        Response response = get("/api/benchmarks/" + id + "?asOf=" + instant, caller);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    /** The read model's own record of a version, the reference for the exact historical state. */
    private JsonNode version(String id, long version) {
        return get("/api/benchmarks/" + id + "/versions/" + version, alice).body();
    }

    @Test
    void as_of_several_instants_returns_exactly_the_state_at_each() throws InterruptedException {
        Instant beforeCreation = pause();
        String id = createBenchmark(alice, "Original", "PRIVATE");
        Instant t1 = pause();
        assertThat(send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Renamed\"}")
                        .status())
                .isEqualTo(200);
        Instant t2 = pause();
        assertThat(send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"4+4\", \"expected\": \"8\"}")
                        .status())
                .isEqualTo(200);
        Instant t3 = pause();
        assertThat(send("DELETE", "/api/benchmarks/" + id + "/cases/c1", alice, null)
                        .status())
                .isEqualTo(200);
        Instant t4 = pause();

        JsonNode v1 = asOf(id, t1, alice);
        assertThat(v1.get("version").asLong()).isEqualTo(1);
        assertThat(v1.get("title").asText()).isEqualTo("Original");
        assertThat(v1.get("cases").findValuesAsText("id")).containsExactly("c1", "c2");
        assertThat(v1.get("currentVersion").asLong()).isEqualTo(4);

        JsonNode v2 = asOf(id, t2, alice);
        assertThat(v2.get("version").asLong()).isEqualTo(2);
        assertThat(v2.get("title").asText()).isEqualTo("Renamed");
        assertThat(v2.get("contentHash")).isEqualTo(v1.get("contentHash"));

        JsonNode v3 = asOf(id, t3, alice);
        assertThat(v3.get("version").asLong()).isEqualTo(3);
        assertThat(v3.get("cases").findValuesAsText("id")).containsExactly("c1", "c2", "c3");
        assertThat(v3.get("cases").get(2).get("expected").asText()).isEqualTo("8");
        assertThat(v3.get("contentHash")).isNotEqualTo(v2.get("contentHash"));

        JsonNode v4 = asOf(id, t4, alice);
        assertThat(v4.get("version").asLong()).isEqualTo(4);
        assertThat(v4.get("cases").findValuesAsText("id")).containsExactly("c2", "c3");

        // each equals the version the read model recorded, field by field
        for (JsonNode state : new JsonNode[] {v1, v2, v3, v4}) {
            JsonNode recorded = version(id, state.get("version").asLong());
            for (String field : new String[] {
                "title",
                "description",
                "tags",
                "category",
                "visibility",
                "contentHash",
                "promptTemplate",
                "cases",
                "graders",
                "decisionCriteria"
            }) {
                assertThat(state.get(field))
                        .as(field + " at version " + state.get("version"))
                        .isEqualTo(recorded.get(field));
            }
            assertThat(Instant.parse(state.get("versionAt").asText()))
                    .isEqualTo(Instant.parse(recorded.get("changedAt").asText()));
        }
        JsonNode current = get("/api/benchmarks/" + id, alice).body();
        assertThat(v4.get("contentHash")).isEqualTo(current.get("contentHash"));
        assertThat(v4.get("cases")).isEqualTo(current.get("cases"));

        assertThat(get("/api/benchmarks/" + id + "?asOf=" + beforeCreation, alice)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void an_instant_that_is_exactly_an_events_time_includes_that_event() {
        String id = createBenchmark(alice, "Exact", "PRIVATE");
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Exact, renamed\"}");
        Instant renamedAt = Instant.parse(version(id, 2).get("changedAt").asText());

        assertThat(asOf(id, renamedAt, alice).get("title").asText()).isEqualTo("Exact, renamed");
        assertThat(asOf(id, renamedAt.minusNanos(1000), alice).get("title").asText())
                .isEqualTo("Exact");
    }

    @Test
    void the_current_visibility_decides_who_sees_an_old_state() throws InterruptedException {
        String id = createBenchmark(alice, "Once private", "PRIVATE");
        Instant whilePrivate = pause();
        assertThat(get("/api/benchmarks/" + id + "?asOf=" + whilePrivate, bob).status())
                .isEqualTo(404);
        assertThat(get("/api/benchmarks/" + id + "?asOf=" + whilePrivate, (Caller) null)
                        .status())
                .isEqualTo(404);

        assertThat(send("POST", "/api/benchmarks/" + id + "/publish", alice, null)
                        .status())
                .isEqualTo(200);
        JsonNode old = asOf(id, whilePrivate, bob);
        assertThat(old.get("visibility").asText()).isEqualTo("PRIVATE");
        assertThat(old.get("title").asText()).isEqualTo("Once private");
        assertThat(get("/api/benchmarks/" + id + "?asOf=" + whilePrivate, (Caller) null)
                        .status())
                .isEqualTo(200);

        assertThat(send("POST", "/api/benchmarks/" + id + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);
        assertThat(get("/api/benchmarks/" + id + "?asOf=" + Instant.now(), bob).status())
                .isEqualTo(404);
        assertThat(get("/api/benchmarks/" + id + "?asOf=yesterday", alice).status())
                .isEqualTo(400);
    }
}

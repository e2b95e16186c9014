package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Create → edit → publish → fork, then every read model read back over HTTP. */
class BenchmarkLifecycleTest extends ApiTestBase {

    @Test
    void a_benchmark_goes_through_its_whole_lifecycle_and_every_read_model_shows_it() {
        String id = createBenchmark(alice, """
                {"title": "Capitals", "description": "Country capitals", "tags": ["geo"], "category": "knowledge",
                 "visibility": "PRIVATE", "promptTemplate": "Capital of {{input}}?",
                 "cases": [{"input": "France", "expected": "Paris"}, {"id": "jp", "input": "Japan", "expected": "Tokyo", "tags": ["asia"]}],
                 "graders": [{"type": "contains", "ignoreCase": true}],
                 "decisionCriteria": [{"metric": "passRate", "op": ">=", "threshold": 0.9}]}""");

        Response created = get("/api/benchmarks/" + id, alice);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        String hashV1 = created.body().get("contentHash").asText();
        assertThat(hashV1).startsWith("sha256:").hasSize(71);
        assertThat(ids(created.body().get("cases"))).containsExactly("c1", "jp");
        assertThat(created.body().get("graders").get(0).get("type").asText()).isEqualTo("contains");

        Response details = send(
                "PATCH",
                "/api/benchmarks/" + id,
                alice,
                "{\"title\": \"World capitals\", \"tags\": [\"geo\", \"trivia\"]}",
                "If-Match",
                "\"1\"");
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.body().get("version").asLong()).isEqualTo(2);

        Response added = send(
                "POST",
                "/api/benchmarks/" + id + "/cases",
                alice,
                "[{\"input\": \"Peru\", \"expected\": \"Lima\"}, {\"input\": \"Kenya\", \"expected\": \"Nairobi\"}]",
                "If-Match",
                "\"2\"");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().get("version").asLong()).isEqualTo(3);
        assertThat(ids(added.body().get("caseIds"))).containsExactly("c2", "c3");

        assertThat(send(
                                "PUT",
                                "/api/benchmarks/" + id + "/cases/c1",
                                alice,
                                "{\"input\": \"France\", \"expected\": \"Paris, France\"}")
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(4);
        assertThat(send("DELETE", "/api/benchmarks/" + id + "/cases/jp", alice, null)
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(5);
        assertThat(send(
                                "PUT",
                                "/api/benchmarks/" + id + "/graders",
                                alice,
                                "[{\"type\": \"exact\"}, {\"type\": \"llm-judge\", \"rubric\": \"Names the capital\"}]")
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(6);
        assertThat(send(
                                "PUT",
                                "/api/benchmarks/" + id + "/decision-criteria",
                                alice,
                                "[{\"metric\": \"score\", \"op\": \">=\", \"threshold\": 0.8, \"severity\": \"SHOULD\"}]")
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(7);
        assertThat(send("POST", "/api/benchmarks/" + id + "/publish", alice, null)
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(8);

        JsonNode current = get("/api/benchmarks/" + id, null).body();
        assertThat(current.get("title").asText()).isEqualTo("World capitals");
        assertThat(current.get("visibility").asText()).isEqualTo("PUBLIC");
        assertThat(current.get("version").asLong()).isEqualTo(8);
        assertThat(current.get("ownerId").asText()).isEqualTo(alice.id());
        assertThat(ids(current.get("cases"))).containsExactly("c1", "c2", "c3");
        assertThat(current.get("cases").get(0).get("expected").asText()).isEqualTo("Paris, France");
        assertThat(current.get("graders")).hasSize(2);
        assertThat(current.get("decisionCriteria").get(0).get("severity").asText())
                .isEqualTo("SHOULD");
        assertThat(current.get("contentHash").asText()).isNotEqualTo(hashV1);

        // version history: one entry per version, each naming who changed what kind of thing
        JsonNode versions = get("/api/benchmarks/" + id + "/versions", null).body();
        assertThat(versions).hasSize(8);
        assertThat(versions.get(2).get("changes").get(0).asText()).isEqualTo("TestCaseAdded");
        assertThat(versions.get(2).get("caseCount").asInt()).isEqualTo(4);
        assertThat(versions.get(4).get("changedBy").asText()).isEqualTo(alice.id());

        // any version is retrievable as it was
        JsonNode v1 = get("/api/benchmarks/" + id + "/versions/1", null).body();
        assertThat(v1.get("title").asText()).isEqualTo("Capitals");
        assertThat(v1.get("contentHash").asText()).isEqualTo(hashV1);
        assertThat(ids(v1.get("cases"))).containsExactly("c1", "jp");
        assertThat(v1.get("cases").get(0).get("expected").asText()).isEqualTo("Paris");
        JsonNode v4 = get("/api/benchmarks/" + id + "/versions/4", null).body();
        assertThat(ids(v4.get("cases"))).containsExactly("c1", "jp", "c2", "c3");

        // a diff names the fields and cases that changed, and the versions in between
        JsonNode diff = get("/api/benchmarks/" + id + "/diff?from=1&to=8", null).body();
        assertThat(fields(diff.get("fields"))).contains("title", "tags", "visibility", "graders", "decisionCriteria");
        assertThat(ids(diff.get("casesAdded"))).containsExactly("c2", "c3");
        assertThat(ids(diff.get("casesRemoved"))).containsExactly("jp");
        assertThat(ids(diff.get("casesRevised"))).containsExactly("c1");
        assertThat(diff.get("versions")).hasSize(7);

        // bob forks the public benchmark
        Response fork = send("POST", "/api/benchmarks/" + id + "/forks", bob, "{\"title\": \"Bob's capitals\"}");
        assertThat(fork.status()).isEqualTo(201);
        String forkId = fork.body().get("id").asText();
        assertThat(fork.body().get("forkedFrom").get("id").asText()).isEqualTo(id);
        assertThat(fork.body().get("forkedFrom").get("version").asLong()).isEqualTo(8);

        JsonNode forked = get("/api/benchmarks/" + forkId, bob).body();
        assertThat(forked.get("ownerId").asText()).isEqualTo(bob.id());
        assertThat(forked.get("version").asLong()).isEqualTo(1);
        assertThat(forked.get("contentHash").asText())
                .isEqualTo(current.get("contentHash").asText());
        assertThat(ids(forked.get("cases"))).containsExactly("c1", "c2", "c3");
        assertThat(forked.get("forkedFrom").get("id").asText()).isEqualTo(id);

        // the fork tree, from the source and from the fork
        eventually(
                () -> get("/api/benchmarks/" + id, null).body().get("forkCount").asLong() == 1, "the fork is counted");
        JsonNode tree = get("/api/benchmarks/" + id + "/forks", null).body();
        assertThat(tree.get("root").get("id").asText()).isEqualTo(id);
        assertThat(ids(tree.get("root").get("forks"))).containsExactly(forkId);
        JsonNode fromFork = get("/api/benchmarks/" + forkId + "/forks", null).body();
        assertThat(ids(fromFork.get("ancestors"))).containsExactly(id);
        // each node carries its current version and owner, for the Forks tab
        assertThat(tree.get("root").get("version").asLong())
                .isEqualTo(current.get("version").asLong());
        assertThat(tree.get("root").get("forks").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(tree.get("root").get("forks").get(0).get("ownerId").asText()).isEqualTo(bob.id());
        assertThat(fromFork.get("ancestors").get(0).get("version").asLong())
                .isEqualTo(current.get("version").asLong());

        // the library lists both public benchmarks with their counts
        eventually(
                () -> libraryIds("/api/library?q=capitals&size=100", null).containsAll(List.of(id, forkId)),
                "the library lists both");
        JsonNode library = get("/api/library?q=World%20capitals&size=100", null).body();
        JsonNode entry = null;
        for (JsonNode item : library.get("items")) if (item.get("id").asText().equals(id)) entry = item;
        assertThat(entry).isNotNull();
        assertThat(entry.get("caseCount").asInt()).isEqualTo(3);
        assertThat(entry.get("forkCount").asLong()).isEqualTo(1);
        assertThat(entry.get("tags")).hasSize(2);
    }

    @Test
    void a_rubric_keeps_its_ideal_and_weights_and_a_bad_one_is_refused_naming_the_field() {
        String id = send("POST", "/api/benchmarks", alice, "{\"title\": \"Rubric\"}")
                .body()
                .get("id")
                .asText();
        Response ok = send(
                "PUT",
                "/api/benchmarks/" + id + "/decision-criteria",
                alice,
                "[{\"metric\": \"passRate\", \"op\": \">=\", \"threshold\": 0.85, \"ideal\": 0.9, \"weight\": 40},"
                        + " {\"metric\": \"latencyP95Ms\", \"op\": \"<\", \"threshold\": 2000, \"severity\": \"SHOULD\", \"weight\": 25}]");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        JsonNode criteria = get("/api/benchmarks/" + id, alice).body().get("decisionCriteria");
        assertThat(criteria.get(0).get("ideal").asDouble()).isEqualTo(0.9);
        assertThat(criteria.get(0).get("weight").asDouble()).isEqualTo(40.0);
        assertThat(criteria.get(1).has("ideal")).isFalse();

        Response heavy = send(
                "PUT",
                "/api/benchmarks/" + id + "/decision-criteria",
                alice,
                "[{\"metric\": \"passRate\", \"op\": \">=\", \"threshold\": 0.85, \"weight\": 70},"
                        + " {\"metric\": \"score\", \"op\": \">=\", \"threshold\": 0.5, \"weight\": 40}]");
        assertThat(heavy.status()).isEqualTo(400);
        assertThat(heavy.text()).contains("decisionCriteria").contains("110");
        Response lax = send(
                "PUT",
                "/api/benchmarks/" + id + "/decision-criteria",
                alice,
                "[{\"metric\": \"passRate\", \"op\": \">=\", \"threshold\": 0.85, \"ideal\": 0.8}]");
        assertThat(lax.status()).isEqualTo(400);
        assertThat(lax.text()).contains("decisionCriteria[0].ideal");
        assertThat(get("/api/benchmarks/" + id, alice).body().get("version").asLong())
                .isEqualTo(2);
    }

    @Test
    void a_write_answers_with_the_new_version_as_etag_and_is_readable_at_once() {
        String id = createBenchmark(alice, "Readable", "PRIVATE");
        for (int i = 0; i < 5; i++) {
            Response changed = send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Title " + i + "\"}");
            long version = changed.body().get("version").asLong();
            assertThat(changed.header("ETag")).isEqualTo("\"" + version + "\"");
            JsonNode read = get("/api/benchmarks/" + id, alice).body();
            assertThat(read.get("version").asLong()).isEqualTo(version);
            assertThat(read.get("title").asText()).isEqualTo("Title " + i);
        }
    }

    @Test
    void a_change_that_changes_nothing_keeps_the_version_and_appends_no_event() {
        String id = createBenchmark(alice, "Same", "PRIVATE");
        long before = eventCount(id);
        Response same = send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Same\"}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body().get("version").asLong()).isEqualTo(1);
        assertThat(eventCount(id)).isEqualTo(before);
    }

    @Test
    void the_events_of_a_benchmark_are_stored_in_order_with_their_revision_as_json() {
        String id = createBenchmark(alice, "Stored", "PRIVATE");
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Stored again\"}");
        var rows = jdbc.queryForList("""
                SELECT sequence_number, payload_type, payload_revision, convert_from(payload, 'UTF8') AS json
                  FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""", id);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("payload_type"))
                .isEqualTo("io.benchmarkhub.domain.benchmark.events.BenchmarkCreated");
        assertThat(rows.get(0).get("payload_revision")).isEqualTo("3");
        assertThat(rows.get(1).get("payload_revision")).isEqualTo("1");
        assertThat((String) rows.get(1).get("json"))
                .contains("\"title\":\"Stored again\"")
                .contains("\"version\":2");
    }

    private List<String> libraryIds(String path, Caller caller) {
        var result = new ArrayList<String>();
        get(path, caller)
                .body()
                .get("items")
                .forEach(item -> result.add(item.get("id").asText()));
        return result;
    }

    static List<String> ids(JsonNode array) {
        var result = new ArrayList<String>();
        array.forEach(node ->
                result.add(node.isTextual() ? node.asText() : node.get("id").asText()));
        return result;
    }

    private static List<String> fields(JsonNode array) {
        var result = new ArrayList<String>();
        array.forEach(node -> result.add(node.get("field").asText()));
        return result;
    }
}

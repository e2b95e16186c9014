package io.benchmarkhub.api.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * runCount of a benchmark and of its library card: the completed runs anyone may know of, i.e. those in the canonical
 * configuration (ADR 0016). A run with overrides is its owner's alone and is counted nowhere; so is a run not yet ended.
 */
class RunCountTest extends ApiTestBase {

    @Test
    void a_benchmark_and_its_card_count_completed_canonical_runs_only() {
        String title = "Counted " + UUID.randomUUID().toString().substring(0, 8);
        String benchmark = createBenchmark(alice, """
                {"title": "%s", "visibility": "PUBLIC", "cases": [{"input": "a", "expected": "a"}, {"input": "b", "expected": "b"}],
                 "graders": [{"type": "exact"}]}""".formatted(title));
        eventually(() -> library(title).path("total").asInt() == 1, "the library lists the benchmark");
        assertThat(get("/api/benchmarks/" + benchmark, null)
                        .body()
                        .get("runCount")
                        .asLong())
                .isZero();
        assertThat(library(title).at("/items/0/runCount").asInt()).isZero();

        String canonical = run(alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"]}""".formatted(benchmark));
        String bobs = run(bob, """
                {"benchmarkId": "%s", "models": ["sim/echo"]}""".formatted(benchmark));
        String experiment = run(alice, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "params": {"temperature": 0.3}}""".formatted(benchmark));
        for (var id : new String[][] {{canonical, "alice"}, {bobs, "bob"}, {experiment, "alice"}}) {
            var caller = id[1].equals("alice") ? alice : bob;
            eventually(
                    () -> "COMPLETED"
                            .equals(get("/api/runs/" + id[0], caller)
                                    .body()
                                    .path("status")
                                    .asText()),
                    "run " + id[0] + " completes");
        }

        eventually(
                () -> get("/api/benchmarks/" + benchmark, null)
                                .body()
                                .get("runCount")
                                .asLong()
                        == 2,
                "two canonical runs are counted");
        eventually(() -> library(title).at("/items/0/runCount").asInt() == 2, "the card counts them too");
        // the experiment stays its owner's: counted neither for anyone else nor for its owner
        assertThat(get("/api/benchmarks/" + benchmark, alice)
                        .body()
                        .get("runCount")
                        .asLong())
                .isEqualTo(2);
        assertThat(get("/api/library?q=" + title.replace(' ', '+') + "&sort=runs", bob)
                        .body()
                        .at("/items/0/runCount")
                        .asInt())
                .isEqualTo(2);
    }

    private JsonNode library(String title) {
        return get("/api/library?q=" + title.replace(' ', '+'), null).body();
    }

    private String run(Caller caller, String body) {
        Response started = send("POST", "/api/runs", caller, body);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        return started.body().get("id").asText();
    }
}

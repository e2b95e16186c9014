package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A case's weight over HTTP: accepted and shown, validated, and what a run's score and the leaderboard weigh by. */
class CaseWeightTest extends ApiTestBase {

    private static List<Double> weights(JsonNode benchmark) {
        var weights = new ArrayList<Double>();
        benchmark.get("cases").forEach(c -> weights.add(c.get("weight").asDouble()));
        return weights;
    }

    @Test
    void a_weight_out_of_range_is_a_400_naming_the_case_and_creates_nothing() {
        long before = totalEvents();
        Response response = send("POST", "/api/benchmarks", alice, """
                {"title": "Bad weight", "cases": [{"input": "a", "weight": 0}, {"input": "b", "weight": 2000}]}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("cases[0].weight").contains("cases[1].weight");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void the_run_score_and_the_leaderboard_are_the_weighted_mean_of_the_case_scores() {
        // fake/steady answers "echo: <input>": alpha contains its expected, beta does not
        String id = createBenchmark(alice, """
                {"title": "Weighted", "promptTemplate": "{{input}}", "graders": [{"type": "contains"}],
                 "cases": [{"input": "alpha", "expected": "alpha", "weight": 3}, {"input": "beta", "expected": "gamma"}]}""");
        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(weights(benchmark)).containsExactly(3.0, 1.0);

        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/steady"], "billing": "BYOK"}""".formatted(id), "X-Provider-Key", "sk-test-byok");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + run, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run completes");

        // (3 × 1 + 1 × 0) / 4, where the unweighted mean would be 0.5
        JsonNode runView = get("/api/runs/" + run, alice).body();
        assertThat(runView.get("caseWeights").toString()).isEqualTo("{\"c1\":3.0}");
        JsonNode model = runView.get("models").get(0);
        assertThat(model.get("score").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(model.get("passRate").asDouble()).isCloseTo(0.5, within(1e-12));
        eventually(
                () -> get("/api/benchmarks/" + id + "/leaderboard", alice)
                                .body()
                                .path("entries")
                                .size()
                        == 1,
                "the board has the run");
        assertThat(get("/api/benchmarks/" + id + "/leaderboard", alice)
                        .body()
                        .get("entries")
                        .get(0)
                        .get("score")
                        .asDouble())
                .isCloseTo(0.75, within(1e-12));

        // a new weight is a new version with a new content hash, so the old run stays on the old content's board
        Response revised = send(
                "PUT",
                "/api/benchmarks/" + id + "/cases/c2",
                alice,
                "{\"input\": \"beta\", \"expected\": \"gamma\", \"weight\": 1.5}");
        assertThat(revised.status()).as(revised.text()).isEqualTo(200);
        eventually(
                () -> get("/api/benchmarks/" + id, alice).body().get("version").asLong() == 2, "version 2 is read");
        JsonNode v2 = get("/api/benchmarks/" + id, alice).body();
        assertThat(weights(v2)).containsExactly(3.0, 1.5);
        assertThat(v2.get("contentHash")).isNotEqualTo(benchmark.get("contentHash"));
        assertThat(get("/api/benchmarks/" + id + "/leaderboard", alice).body().get("entries"))
                .isEmpty();
    }
}

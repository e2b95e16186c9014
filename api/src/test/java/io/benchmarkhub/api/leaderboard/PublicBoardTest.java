package io.benchmarkhub.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.query.leaderboard.LeaderboardQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Public boards that nobody can rewrite (ADR 0016), with real runs: POST /api/runs, the executor calling the local
 * provider over HTTP, RunCompleted with its per-case means, the leaderboards projection, and the boards over HTTP.
 * The {@code obedient} model answers worse when asked with a high temperature or few tokens; the {@code coin} model
 * answers each case one way on its first run and the other way on its second (see FakeModels).
 */
class PublicBoardTest extends ApiTestBase {

    private static final String[] BYOK = {"X-Provider-Key", "sk-test-byok"};

    @Autowired
    LeaderboardQueries leaderboards;

    @Autowired
    EventStore eventStore;

    private String tag;

    @BeforeEach
    void setUp() {
        tag = "pb" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A public benchmark of {@code cases} cases graded by "contains yes", and by a judge panel of its own when {@code judged}. */
    private String benchmark(int cases, boolean judged) {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++) items.add("{\"input\": \"question " + i + "\"}");
        String judge = judged
                ? ", {\"type\": \"llm-judge\", \"rubric\": \"Is it a yes?\", \"panel\": [\"fake/judge-a\"]}"
                : "";
        return createBenchmark(alice, """
                {"title": "Public board", "visibility": "PUBLIC", "tags": ["%s"], "promptTemplate": "{{input}}",
                 "cases": [%s], "graders": [{"type": "contains", "value": "yes"}%s]}""".formatted(tag, String.join(",", items), judge));
    }

    /** Runs {@code model} on the benchmark as {@code caller}, with {@code extra} request fields, to completion. */
    private String run(Caller caller, String benchmark, String model, String extra) {
        Response started = send("POST", "/api/runs", caller, """
                {"benchmarkId": "%s", "models": ["%s"], "billing": "BYOK"%s}""".formatted(benchmark, model, extra), BYOK);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String id = started.body().get("id").asText();
        eventually(
                () -> "COMPLETED"
                        .equals(get("/api/runs/" + id, caller)
                                .body()
                                .path("status")
                                .asText()),
                "run " + id + " completes");
        awaitLeaderboards(id);
        return id;
    }

    /** Waits until the leaderboards projection has applied every event of the run (one that changes no board shows nothing). */
    private void awaitLeaderboards(String runId) {
        var history = new LeaderboardHistory(eventStore, jdbc);
        eventually(
                () -> history.applied(
                        runId,
                        send("GET", "/api/admin/projections", ADMIN_TOKEN, null).body()),
                "the leaderboards projection has applied " + runId);
    }

    private JsonNode board(String benchmark) {
        Response r = get("/api/benchmarks/" + benchmark + "/leaderboard", null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body();
    }

    private JsonNode ranking() {
        return get("/api/leaderboards/models?tag=" + tag, null).body();
    }

    /** What the contamination detector reads for the model. */
    private List<BenchmarkScore> detectorInput(String model) {
        return leaderboards.publicScores(tag, null).stream()
                .filter(s -> s.model().equals(model))
                .toList();
    }

    private static JsonNode ownSummary(JsonNode run) {
        return run.get("models").get(0);
    }

    @Test
    void runs_with_overrides_never_change_the_public_entry_the_global_ranking_or_the_detectors_input() {
        String benchmark = benchmark(12, true);
        String model = "fake/obedient-" + UUID.randomUUID().toString().substring(0, 8);
        String canonical = run(alice, benchmark, model, "");
        JsonNode board = board(benchmark);
        assertThat(board.get("entries")).hasSize(1);
        JsonNode entry = board.get("entries").get(0);
        assertThat(entry.get("latestRunId").asText()).isEqualTo(canonical);
        assertThat(entry.get("runCount").asInt()).isEqualTo(1);
        JsonNode ranking = ranking();
        assertThat(ranking.get("models").findValuesAsText("model")).containsExactly(model);
        List<BenchmarkScore> detected = detectorInput(model);
        assertThat(detected).hasSize(1);

        // bob asks for the same model on the same content with each override in turn; each scores otherwise
        var overridden = List.of(
                run(bob, benchmark, model, ", \"params\": {\"temperature\": 2}"),
                run(bob, benchmark, model, ", \"params\": {\"maxTokens\": 1}"),
                run(bob, benchmark, model, ", \"judges\": [\"fake/judge-bb\"]"));
        for (String id : overridden) {
            JsonNode own = get("/api/runs/" + id, bob).body();
            assertThat(ownSummary(own).get("score").asDouble())
                    .as("run " + id + " scores otherwise")
                    .isNotEqualTo(entry.get("score").asDouble());
            // the run is bob's alone
            assertThat(get("/api/runs/" + id, alice).status()).isEqualTo(404);
            assertThat(get("/api/runs/" + id, null).status()).isIn(401, 404);
        }

        assertThat(board(benchmark)).isEqualTo(board);
        assertThat(ranking()).isEqualTo(ranking);
        assertThat(detectorInput(model)).isEqualTo(detected);
    }

    @Test
    void two_canonical_runs_pool_their_trials_and_the_interval_narrows() {
        String benchmark = benchmark(20, false);
        String model = "fake/coin-" + UUID.randomUUID().toString().substring(0, 8);
        String first = run(alice, benchmark, model, "");
        JsonNode one = board(benchmark).get("entries").get(0);
        JsonNode own = ownSummary(get("/api/runs/" + first, alice).body());
        // an entry of one run is that run's own summary, to the last bit
        assertThat(one.get("score").asDouble()).isEqualTo(own.get("score").asDouble());
        assertThat(one.get("ci95")).isEqualTo(own.get("ci95"));
        assertThat(one.get("passRate").asDouble()).isEqualTo(own.get("passRate").asDouble());
        assertThat(one.get("passRateCi95")).isEqualTo(own.get("passRateCi95"));
        assertThat(one.get("trials").asInt()).isEqualTo(20);
        double width =
                one.get("ci95").get(1).asDouble() - one.get("ci95").get(0).asDouble();
        assertThat(width)
                .as("the first run says yes to some cases and no to others")
                .isPositive();

        String second = run(bob, benchmark, model, "");
        JsonNode pooled = board(benchmark).get("entries").get(0);
        assertThat(pooled.get("runCount").asInt()).isEqualTo(2);
        assertThat(pooled.get("userCount").asInt()).isEqualTo(2);
        assertThat(pooled.get("trials").asInt()).isEqualTo(40);
        assertThat(pooled.get("cases").asInt()).isEqualTo(20);
        assertThat(pooled.get("latestRunId").asText()).isEqualTo(second);
        // every case was answered once each way: each case's mean is ½, and so is every resample's
        assertThat(pooled.get("score").asDouble()).isEqualTo(0.5);
        double pooledWidth =
                pooled.get("ci95").get(1).asDouble() - pooled.get("ci95").get(0).asDouble();
        assertThat(pooledWidth).isLessThan(width);
        assertThat(pooled.get("passRate").asDouble()).isEqualTo(0.5);
        assertThat(pooled.get("passRateCi95").get(1).asDouble()
                        - pooled.get("passRateCi95").get(0).asDouble())
                .as("the Wilson interval over 40 trials is narrower than over 20")
                .isLessThan(one.get("passRateCi95").get(1).asDouble()
                        - one.get("passRateCi95").get(0).asDouble());
        // the second run did not overwrite the first: bob's own run scores the other way
        assertThat(ownSummary(get("/api/runs/" + second, bob).body())
                        .get("score")
                        .asDouble())
                .isCloseTo(1 - own.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
    }
}

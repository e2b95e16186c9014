package io.benchmarkhub.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The leaderboard endpoints over HTTP, on hand-made completed runs in the real event store. */
class LeaderboardTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    private LeaderboardHistory history;
    /** Model names unique to this test, so other tests' runs never meet ours in the global ranking. */
    private String prefix;

    @BeforeEach
    void setUp() {
        history = new LeaderboardHistory(eventStore, jdbc);
        prefix = "lb-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    private JsonNode benchmark(String id, Caller caller) {
        return get("/api/benchmarks/" + id, caller).body();
    }

    private JsonNode leaderboardOnceItHas(String id, Caller caller, int entries, String query) {
        eventually(
                () -> {
                    Response r = get("/api/benchmarks/" + id + "/leaderboard" + query, caller);
                    return r.status() == 200 && r.body().get("entries").size() == entries;
                },
                "the leaderboard shows " + entries + " models");
        return get("/api/benchmarks/" + id + "/leaderboard" + query, caller).body();
    }

    @Test
    void a_public_leaderboard_pools_each_models_runs_with_rank_ranges_and_the_pareto_frontier() {
        String id = createBenchmark(alice, "Board", "PUBLIC");
        String hash = benchmark(id, alice).get("contentHash").asText();
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        // a ran twice, by bob and by alice: its entry pools both
        history.completedRun(bob.id(), id, 1, hash, 30, List.of(Result.of(a, 0.78, 0.05, 10)));
        history.completedRun(
                alice.id(),
                id,
                1,
                hash,
                30,
                List.of(
                        Result.of(a, 0.82, 0.05, 100),
                        Result.of(b, 0.78, 0.05, 40),
                        Result.of(c, 0.50, 0.05, 60),
                        Result.of(prefix + "sim", 0.99, 0.01, 0).asSimulated()));

        JsonNode board = leaderboardOnceItHas(id, null, 3, "");
        eventually(
                () -> get("/api/benchmarks/" + id + "/leaderboard", null)
                                .body()
                                .at("/entries/0/runCount")
                                .asInt()
                        == 2,
                "a's entry pools both runs");
        board = get("/api/benchmarks/" + id + "/leaderboard", null).body();

        assertThat(board.get("version").asLong()).isEqualTo(1);
        assertThat(board.get("current").asBoolean()).isTrue();
        assertThat(board.get("maxRunsPerUser").asInt()).isEqualTo(3);
        JsonNode entries = board.get("entries");
        assertThat(entries.findValuesAsText("model")).containsExactly(a, b, c);
        JsonNode first = entries.get(0);
        assertThat(first.get("score").asDouble()).isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.get("ci95").get(0).asDouble()).isBetween(0.70, 0.80);
        assertThat(first.get("ci95").get(1).asDouble()).isBetween(0.80, 0.90);
        assertThat(first.get("runCount").asInt()).isEqualTo(2);
        assertThat(first.get("userCount").asInt()).isEqualTo(2);
        assertThat(first.get("cappedRuns").asInt()).isZero();
        assertThat(first.get("trials").asInt()).isEqualTo(60);
        // the per-user cap and how the pass rate pools are the read side's (LeaderboardReadSideTest); here, that the
        // fields are answered
        assertThat(first.get("passRate").isNumber()).isTrue();
        assertThat(first.get("passRateCi95")).hasSize(2);
        assertThat(first.get("cases").asInt()).isEqualTo(30);
        // the mean of the runs' costs per case, the median of their p95 latencies (880 and 920 ms)
        assertThat(first.get("costPerCaseMicros").asLong()).isEqualTo(55);
        assertThat(first.get("latencyP95Ms").asDouble()).isEqualTo(900.0);
        // a [~0.75, ~0.85] and b [~0.73, ~0.83] overlap; c [~0.45, ~0.55] is clearly below both
        assertThat(entries.get(0).get("rank").toString()).isEqualTo("{\"best\":1,\"worst\":2}");
        assertThat(entries.get(1).get("rank").toString()).isEqualTo("{\"best\":1,\"worst\":2}");
        assertThat(entries.get(2).get("rank").toString()).isEqualTo("{\"best\":3,\"worst\":3}");
        // c is worse and dearer than b
        assertThat(board.get("paretoFrontier").toString()).isEqualTo("[\"" + b + "\",\"" + a + "\"]");
        assertThat(entries.get(2).get("paretoOptimal").asBoolean()).isFalse();

        JsonNode withSimulated = leaderboardOnceItHas(id, bob, 4, "?includeSimulated=true");
        assertThat(withSimulated.get("entries").get(0).get("model").asText()).isEqualTo(prefix + "sim");
        assertThat(withSimulated.get("entries").get(0).get("simulated").asBoolean())
                .isTrue();
    }

    @Test
    void a_run_with_an_override_or_a_failed_call_is_on_no_board() {
        String id = createBenchmark(alice, "Clean", "PUBLIC");
        String hash = benchmark(id, alice).get("contentHash").asText();
        String m = prefix + "m";
        history.completedRun(alice.id(), id, 1, hash, 10, List.of(Result.constant(m, 0.5)));
        JsonNode board = leaderboardOnceItHas(id, null, 1, "");
        history.completedRun(
                bob.id(), id, 1, hash, 10, List.of(Result.constant(m, 1.0)), List.of(RunRequested.TEMPERATURE));
        history.completedRun(bob.id(), id, 1, hash, 10, List.of(Result.constant(m, 1.0)), List.of(RunRequested.JUDGES));
        // a bad key or a provider outage fails calls, which score 0 in the run
        var failed = history.completedRun(
                bob.id(), id, 1, hash, 10, List.of(Result.constant(m, 1.0).withFailedCalls(10)));
        awaitLeaderboards(failed.value());
        assertThat(get("/api/benchmarks/" + id + "/leaderboard", null).body()).isEqualTo(board);
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

    @Test
    void runs_on_an_earlier_content_are_shown_only_for_that_version() {
        String id = createBenchmark(alice, "Versions", "PUBLIC");
        String v1 = benchmark(id, alice).get("contentHash").asText();
        history.completedRun(alice.id(), id, 1, v1, 30, List.of(Result.of(prefix + "old", 0.6, 0.05, 10)));
        leaderboardOnceItHas(id, alice, 1, "");
        assertThat(send(
                                "POST",
                                "/api/benchmarks/" + id + "/cases",
                                alice,
                                "[{\"input\": \"9+9\", \"expected\": \"18\"}]")
                        .status())
                .isEqualTo(200);
        // a details change keeps the content: its runs still count on version 3
        assertThat(send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Renamed\"}")
                        .status())
                .isEqualTo(200);

        JsonNode current = get("/api/benchmarks/" + id + "/leaderboard", alice).body();
        assertThat(current.get("version").asLong()).isEqualTo(3);
        assertThat(current.get("entries")).isEmpty();

        JsonNode first =
                get("/api/benchmarks/" + id + "/leaderboard?version=1", alice).body();
        assertThat(first.get("current").asBoolean()).isFalse();
        assertThat(first.get("entries").findValuesAsText("model")).containsExactly(prefix + "old");

        String v2 = benchmark(id, alice).get("contentHash").asText();
        history.completedRun(alice.id(), id, 2, v2, 30, List.of(Result.of(prefix + "new", 0.7, 0.05, 10)));
        assertThat(leaderboardOnceItHas(id, alice, 1, "")
                        .get("entries")
                        .get(0)
                        .get("runVersion")
                        .asLong())
                .isEqualTo(2);

        Response missing = get("/api/benchmarks/" + id + "/leaderboard?version=9", alice);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text()).contains("version");
    }

    @Test
    void a_private_benchmarks_leaderboard_is_its_owners_only_and_never_in_the_global_ranking() {
        String id = createBenchmark(alice, "Secret", "PRIVATE");
        String hash = benchmark(id, alice).get("contentHash").asText();
        history.completedRun(alice.id(), id, 1, hash, 30, List.of(Result.of(prefix + "p", 0.9, 0.05, 10)));

        leaderboardOnceItHas(id, alice, 1, "");
        Response stranger = get("/api/benchmarks/" + id + "/leaderboard", bob);
        Response anonymous = get("/api/benchmarks/" + id + "/leaderboard", null);
        Response nonexistent = get("/api/benchmarks/bm_nope/leaderboard", bob);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(anonymous.status()).isEqualTo(404);
        assertThat(stranger.text().replace(id, "X"))
                .isEqualTo(nonexistent.text().replace("bm_nope", "X"));
        assertThat(get("/api/leaderboards/models", null).body().get("models").findValuesAsText("model"))
                .doesNotContain(prefix + "p");
    }

    @Test
    void the_global_ranking_is_not_fooled_by_which_benchmarks_a_model_ran() {
        // "strong" ran only the hard half (raw mean 0.55), "weak" only the easy half (raw mean 0.70); "anchor" ran all
        // six.
        // Truly strong = anchor + 0.1 and weak = anchor − 0.05
        String tag = "lbtag" + UUID.randomUUID().toString().substring(0, 6);
        double[] ease = {-0.2, -0.15, -0.1, 0.1, 0.15, 0.2};
        for (double e : ease) {
            String id = createBenchmark(alice, """
                    {"title": "Global", "tags": ["%s"], "category": "math", "visibility": "PUBLIC",
                     "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""".formatted(tag));
            String hash = benchmark(id, alice).get("contentHash").asText();
            var results = new ArrayList<Result>(List.of(Result.of(prefix + "anchor", 0.6 + e, 0.02, 10)));
            results.add(
                    e < 0
                            ? Result.of(prefix + "strong", 0.7 + e, 0.02, 10)
                            : Result.of(prefix + "weak", 0.55 + e, 0.02, 10));
            history.completedRun(bob.id(), id, 1, hash, 40, results);
        }
        eventually(
                () -> get("/api/leaderboards/models?tag=" + tag, null)
                                .body()
                                .get("benchmarks")
                                .asInt()
                        == 6,
                "six benchmarks are ranked");

        JsonNode ranking = get("/api/leaderboards/models?tag=" + tag, null).body();

        assertThat(ranking.get("models").findValuesAsText("model"))
                .containsExactly(prefix + "strong", prefix + "anchor", prefix + "weak");
        JsonNode strong = ranking.get("models").get(0);
        JsonNode weak = ranking.get("models").get(2);
        assertThat(strong.get("strength").asDouble() - weak.get("strength").asDouble())
                .isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(strong.get("benchmarks").asInt()).isEqualTo(3);
        assertThat(strong.get("runs").asInt()).isEqualTo(3);
        assertThat(ranking.get("models").get(1).get("runs").asInt()).isEqualTo(6);
        assertThat(strong.get("simulated").asBoolean()).isFalse();
        assertThat(strong.get("ci95")).hasSize(2);
        assertThat(get("/api/leaderboard/models?tag=" + tag + "&category=other", null)
                        .body()
                        .get("models"))
                .isEmpty();
        assertThat(get("/api/leaderboards/models?tag=" + tag, null).body()).isEqualTo(ranking);
    }

    @Test
    void simulated_models_are_in_the_global_ranking_only_when_asked_for_and_marked() {
        String tag = "lbsim" + UUID.randomUUID().toString().substring(0, 6);
        String id = createBenchmark(alice, """
                {"title": "Simulated", "tags": ["%s"], "visibility": "PUBLIC",
                 "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""".formatted(tag));
        String hash = benchmark(id, alice).get("contentHash").asText();
        for (int i = 0; i < 2; i++) {
            history.completedRun(
                    bob.id(),
                    id,
                    1,
                    hash,
                    40,
                    List.of(
                            Result.of(prefix + "real", 0.6, 0.02, 10),
                            Result.of(prefix + "simx", 0.8, 0.02, 10).asSimulated()));
        }
        eventually(
                () -> get("/api/leaderboards/models?tag=" + tag, null)
                                        .body()
                                        .get("models")
                                        .size()
                                == 1
                        && get("/api/leaderboards/models?tag=" + tag, null)
                                        .body()
                                        .get("models")
                                        .get(0)
                                        .get("runs")
                                        .asInt()
                                == 2,
                "the real model is ranked with its two runs");

        JsonNode real = get("/api/leaderboards/models?tag=" + tag, null).body();
        assertThat(real.get("includeSimulated").asBoolean()).isFalse();
        assertThat(real.get("models").findValuesAsText("model")).containsExactly(prefix + "real");
        JsonNode all = get("/api/leaderboards/models?tag=" + tag + "&includeSimulated=true", null)
                .body();
        assertThat(all.get("includeSimulated").asBoolean()).isTrue();
        assertThat(all.get("models").findValuesAsText("model")).containsExactly(prefix + "simx", prefix + "real");
        assertThat(all.get("models").get(0).get("simulated").asBoolean()).isTrue();
        assertThat(all.get("models").get(0).get("runs").asInt()).isEqualTo(2);
        assertThat(all.get("models").get(1).get("simulated").asBoolean()).isFalse();
        // asked again without: the cached answer for the other key is not served
        assertThat(get("/api/leaderboards/models?tag=" + tag, null).body()).isEqualTo(real);
    }

    @Test
    void the_global_ranking_kept_between_changes_follows_a_new_run_and_a_benchmark_made_public() {
        // the ranking is computed once per position of the leaderboards and benchmark-detail projections (ADR 0015)
        String tag = "lbcache" + UUID.randomUUID().toString().substring(0, 6);
        String json = """
                {"title": "Cached", "tags": ["%s"], "visibility": "%s", "cases": [{"input": "1", "expected": "1"}],
                 "graders": [{"type": "exact"}]}""";
        String shown = createBenchmark(alice, json.formatted(tag, "PUBLIC"));
        history.completedRun(
                bob.id(),
                shown,
                1,
                benchmark(shown, alice).get("contentHash").asText(),
                40,
                List.of(Result.of(prefix + "x", 0.6, 0.02, 10), Result.of(prefix + "y", 0.5, 0.02, 10)));
        eventually(
                () -> get("/api/leaderboards/models?tag=" + tag, null)
                                .body()
                                .get("models")
                                .size()
                        == 2,
                "two models are ranked");
        JsonNode first = get("/api/leaderboards/models?tag=" + tag, null).body();
        assertThat(get("/api/leaderboards/models?tag=" + tag, null).body()).isEqualTo(first);

        // a new run on the public benchmark: a third model
        history.completedRun(
                bob.id(),
                shown,
                1,
                benchmark(shown, alice).get("contentHash").asText(),
                40,
                List.of(Result.of(prefix + "z", 0.7, 0.02, 10)));
        eventually(
                () -> get("/api/leaderboards/models?tag=" + tag, null)
                        .body()
                        .get("models")
                        .findValuesAsText("model")
                        .contains(prefix + "z"),
                "the new run's model is ranked");

        // scores on a private benchmark are not ranked until it is published: only benchmark-detail moves then
        String hidden = createBenchmark(alice, json.formatted(tag, "PRIVATE"));
        history.completedRun(
                alice.id(),
                hidden,
                1,
                benchmark(hidden, alice).get("contentHash").asText(),
                40,
                List.of(Result.of(prefix + "x", 0.9, 0.02, 10)));
        leaderboardOnceItHas(hidden, alice, 1, "");
        assertThat(get("/api/leaderboards/models?tag=" + tag, null)
                        .body()
                        .get("benchmarks")
                        .asInt())
                .isEqualTo(1);
        assertThat(send("POST", "/api/benchmarks/" + hidden + "/publish", alice, null)
                        .status())
                .isEqualTo(200);
        eventually(
                () -> get("/api/leaderboards/models?tag=" + tag, null)
                                .body()
                                .get("benchmarks")
                                .asInt()
                        == 2,
                "the published benchmark's scores are ranked");
    }
}

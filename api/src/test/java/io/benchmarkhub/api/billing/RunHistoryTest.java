package io.benchmarkhub.api.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.testsupport.CompletedRuns;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import io.benchmarkhub.testsupport.StoredHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Free's run history window (ADR 0042, docs/plans.md) and the personal ranking of Pro, against the real app and
 * PostgreSQL. An old run is one whose events carry a time 40 days back (the tests sell plans, so the 30-day window
 * applies); the plan changes through the signed Stripe webhook.
 */
class RunHistoryTest extends ApiTestBase {

    private static final Duration FORTY_DAYS = Duration.ofDays(40);

    @Autowired
    EventStore eventStore;

    @Test
    void on_free_an_old_run_of_a_private_benchmark_answers_402_and_leaves_the_list_until_pro_shows_it_again() {
        Caller carol = createUser("hist");
        String privateBench = createBenchmark(carol, "Private history", "PRIVATE");
        String publicBench = createBenchmark(carol, "Public history", "PUBLIC");
        String model = "hist-" + uid() + "/m";
        Instant old = Instant.now().minus(FORTY_DAYS);
        String oldPrivate = run(carol, privateBench, null, old, model);
        // a minute later than the private one, so the newest-first list has one order
        String oldPublic = run(carol, publicBench, null, old.plusSeconds(60), model);
        String recentPrivate = run(carol, privateBench, null, null, model);
        for (String id : List.of(oldPrivate, oldPublic, recentPrivate)) awaitRun(id);

        Response refused = get("/api/runs/" + oldPrivate, carol);
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.body().get("limit").asText()).isEqualTo("history");
        assertThat(refused.body().get("plan").asText()).isEqualTo("FREE");
        assertThat(refused.body().get("requiredPlan").asText()).isEqualTo("PRO");
        Instant windowStart = Instant.parse(refused.body().get("windowStart").asText());
        assertThat(windowStart).isBetween(old, Instant.now().minus(Duration.ofDays(29)));
        for (String path : List.of(
                "/results",
                "/compare?baseline=" + model + "&candidate=other",
                "/compare/cases?baseline=" + model + "&candidate=other",
                "/failure-modes",
                "/events")) {
            Response r = get("/api/runs/" + oldPrivate + path, carol);
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(402);
            assertThat(r.body().get("limit").asText()).isEqualTo("history");
        }
        // a comparison across runs is refused when its baseline run is outside the window
        Response across = get(
                "/api/runs/" + recentPrivate + "/compare?baseline=" + model + "&candidate=" + model + "&baselineRun="
                        + oldPrivate,
                carol);
        assertThat(across.status()).as(across.text()).isEqualTo(402);
        // a run on a public benchmark is the public record: never limited; nor is a recent one
        assertThat(get("/api/runs/" + oldPublic, carol).status()).isEqualTo(200);
        assertThat(get("/api/runs/" + oldPublic + "/results", carol).status()).isEqualTo(200);
        assertThat(get("/api/runs/" + recentPrivate, carol).status()).isEqualTo(200);
        // someone else still gets 404: the 402 tells nothing of another user's run
        assertThat(get("/api/runs/" + oldPrivate, bob).status()).isEqualTo(404);

        JsonNode list = get("/api/runs?size=100", carol).body();
        assertThat(list.get("items").findValuesAsText("id")).containsExactly(recentPrivate, oldPublic);
        assertThat(list.get("total").asLong()).isEqualTo(2);

        // asOf before the window on the private benchmark: 402; on the public one, no limit (it did not exist then:
        // 404)
        String before = Instant.now().minus(Duration.ofDays(35)).toString();
        Response asOf = get("/api/benchmarks/" + privateBench + "?asOf=" + before, carol);
        assertThat(asOf.status()).as(asOf.text()).isEqualTo(402);
        assertThat(asOf.body().get("limit").asText()).isEqualTo("history");
        Response boardAsOf = get("/api/benchmarks/" + privateBench + "/leaderboard?asOf=" + before, carol);
        assertThat(boardAsOf.status()).as(boardAsOf.text()).isEqualTo(402);
        assertThat(get("/api/benchmarks/" + publicBench + "?asOf=" + before, carol)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/benchmarks/" + privateBench + "?asOf=" + before, bob)
                        .status())
                .isEqualTo(404);
        // asOf inside the window is open
        assertThat(get("/api/benchmarks/" + privateBench + "?asOf=" + Instant.now(), carol)
                        .status())
                .isEqualTo(200);

        // aggregates are current state: the benchmark's board counts the hidden old run too
        eventually(
                () -> get("/api/benchmarks/" + privateBench + "/leaderboard", carol)
                                .body()
                                .path("entries")
                                .path(0)
                                .path("runCount")
                                .asInt()
                        == 2,
                "the board counts the old run and the recent one");

        subscribePro(carol);
        Response shown = get("/api/runs/" + oldPrivate, carol);
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        assertThat(shown.body().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(get("/api/runs/" + oldPrivate + "/results", carol).status()).isEqualTo(200);
        assertThat(get("/api/runs?size=100", carol).body().get("items").findValuesAsText("id"))
                .containsExactly(recentPrivate, oldPublic, oldPrivate);
        // the window no longer applies: the benchmark did not exist then, as for anyone
        assertThat(get("/api/benchmarks/" + privateBench + "?asOf=" + before, carol)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_workspace_on_free_sees_its_recent_history_and_team_shows_all_of_it() {
        Caller dave = createUser("histws");
        String workspace = workspace(dave);
        Response created = send("POST", "/api/benchmarks", dave, """
                {"title": "Team history", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""".formatted(workspace));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String bench = created.body().get("id").asText();
        String model = "histws-" + uid() + "/m";
        String oldRun = run(dave, bench, workspace, Instant.now().minus(FORTY_DAYS), model);
        String recentRun = run(dave, bench, workspace, null, model);
        awaitRun(oldRun);
        awaitRun(recentRun);
        // dave on Pro does not lift the workspace's limit: its runs are billed to the workspace, on Free
        subscribePro(dave);

        Response refused = get("/api/runs/" + oldRun, dave);
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.body().get("limit").asText()).isEqualTo("history");
        assertThat(refused.body().get("plan").asText()).isEqualTo("FREE");
        assertThat(refused.body().get("requiredPlan").asText()).isEqualTo("TEAM");
        assertThat(get("/api/runs?size=100", dave).body().get("items").findValuesAsText("id"))
                .containsExactly(recentRun);
        assertThat(get("/api/runs/" + recentRun, dave).status()).isEqualTo(200);

        subscribeTeam(workspace);
        assertThat(get("/api/runs/" + oldRun, dave).status()).isEqualTo(200);
        assertThat(get("/api/runs?size=100", dave).body().get("items").findValuesAsText("id"))
                .containsExactly(recentRun, oldRun);
    }

    @Test
    void a_pro_user_ranks_models_across_their_own_private_benchmarks_and_nobody_elses() {
        Caller erin = createUser("rank");
        Caller frank = createUser("rank");
        String prefix = "pr-" + uid() + "/";
        for (int b = 0; b < 2; b++) {
            String id = createBenchmark(erin, "Mine " + b, "PRIVATE");
            // one of them old: the ranking is current state and counts every run, whatever the history window
            completed(
                    erin,
                    id,
                    b == 0 ? Instant.now().minus(FORTY_DAYS) : null,
                    List.of(Result.of(prefix + "strong", 0.9, 0.02, 10), Result.of(prefix + "weak", 0.4, 0.02, 10)));
        }
        // frank's private benchmark, erin's public one and the private one of erin's workspace: none is in erin's
        // ranking
        String workspace = workspace(erin);
        Response inWorkspace = send("POST", "/api/benchmarks", erin, """
                {"title": "Ours", "visibility": "PRIVATE", "workspaceId": "%s",
                 "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""".formatted(workspace));
        assertThat(inWorkspace.status()).as(inWorkspace.text()).isEqualTo(201);
        completed(
                erin,
                inWorkspace.body().get("id").asText(),
                workspace,
                null,
                List.of(Result.of(prefix + "workspace", 0.99, 0.02, 10)));
        String workspaceBoard =
                "/api/benchmarks/" + inWorkspace.body().get("id").asText() + "/leaderboard";
        eventually(
                () -> get(workspaceBoard, erin).body().path("entries").size() == 1,
                "the workspace benchmark's board has its run, so leaving it out of erin's ranking means something");
        completed(
                frank,
                createBenchmark(frank, "His", "PRIVATE"),
                null,
                List.of(Result.of(prefix + "his", 0.99, 0.02, 10)));
        completed(
                erin,
                createBenchmark(erin, "Public", "PUBLIC"),
                null,
                List.of(Result.of(prefix + "public", 0.99, 0.02, 10)));

        String path = "/api/me/leaderboards/models";
        Response free = get(path, erin);
        assertThat(free.status()).as(free.text()).isEqualTo(402);
        assertThat(free.body().get("limit").asText()).isEqualTo("private-leaderboards");
        assertThat(free.body().get("plan").asText()).isEqualTo("FREE");
        assertThat(free.body().get("requiredPlan").asText()).isEqualTo("PRO");
        assertThat(get(path, (Caller) null).status()).isEqualTo(401);

        subscribePro(erin);
        eventually(() -> get(path, erin).body().get("benchmarks").asInt() == 2, "both benchmarks are ranked");
        JsonNode ranking = get(path, erin).body();
        assertThat(ranking.get("models").findValuesAsText("model")).containsExactly(prefix + "strong", prefix + "weak");
        JsonNode strong = ranking.get("models").get(0);
        assertThat(strong.get("ci95").size()).isEqualTo(2);
        assertThat(strong.get("rank").get("best").asInt()).isEqualTo(1);
        assertThat(strong.get("runs").asInt()).isEqualTo(2);

        subscribePro(frank);
        eventually(() -> get(path, frank).body().get("benchmarks").asInt() == 1, "frank's benchmark is ranked");
        assertThat(get(path, frank).body().get("models").findValuesAsText("model"))
                .containsExactly(prefix + "his");
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A completed run of {@code model} on the benchmark's current content, its events stamped {@code at} (null: now). */
    private String run(Caller by, String benchmarkId, String workspaceId, Instant at, String model) {
        return completed(by, benchmarkId, workspaceId, at, List.of(Result.of(model, 0.8, 0.02, 10)));
    }

    private String completed(Caller by, String benchmarkId, Instant at, List<Result> results) {
        return completed(by, benchmarkId, null, at, results);
    }

    private String completed(Caller by, String benchmarkId, String workspaceId, Instant at, List<Result> results) {
        JsonNode benchmark = get("/api/benchmarks/" + benchmarkId, by).body();
        var id = RunId.generate();
        var events = new ArrayList<RunEvent>(CompletedRuns.events(
                id,
                by.id(),
                benchmarkId,
                benchmark.get("version").asLong(),
                benchmark.get("contentHash").asText(),
                1,
                results,
                List.of()));
        if (workspaceId != null) events.set(0, inWorkspace((RunRequested) events.getFirst(), workspaceId));
        new StoredHistory(eventStore, jdbc).publish(at, events.toArray());
        return id.value();
    }

    private static RunRequested inWorkspace(RunRequested r, String workspaceId) {
        return new RunRequested(
                r.runId(),
                r.benchmarkId(),
                r.benchmarkVersion(),
                r.contentHash(),
                r.requestedBy(),
                r.models(),
                r.simulatedModels(),
                r.repeats(),
                r.billing(),
                r.params(),
                r.caseIds(),
                r.graders(),
                r.judgePanels(),
                r.decisionCriteria(),
                r.trigger(),
                r.timeoutSeconds(),
                r.reservedCredits(),
                r.pricing(),
                r.caseWeights(),
                r.overrides(),
                r.prompts(),
                workspaceId,
                r.creditAccount());
    }

    /** Until the runs projection has the run completed (it answers 402 or 200 then, never 404). */
    private void awaitRun(String runId) {
        eventually(
                () -> jdbc.queryForObject(
                                "SELECT count(*) FROM run WHERE id = ? AND status = 'COMPLETED'", Long.class, runId)
                        == 1,
                "run " + runId + " is projected");
    }

    private String workspace(Caller owner) {
        Response created =
                send("POST", "/api/workspaces", owner, "{\"name\": \"History\", \"slug\": \"hist-" + uid() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }
}

package io.benchmarkhub.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.integrity.policy.ContaminationPolicy;
import io.benchmarkhub.api.leaderboard.LeaderboardHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection.ScoresChanged;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;

/** The contamination policy end to end: completed runs → detector → ContaminationSuspected → flags over HTTP. */
class ContaminationTest extends ApiTestBase {

    private static final double[] STRENGTH = {-1.0, -0.8, -0.6, -0.4, -0.2, 0.0};
    private static final double[] EASE = {-0.7, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0};

    @Autowired
    EventStore eventStore;

    @Autowired
    CommandGateway commands;

    @Autowired
    ContaminationPolicy policy;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    io.benchmarkhub.query.leaderboard.LeaderboardQueries leaderboards;

    /** The score over n cases whose empirical logit is {@code logit} (as in ContaminationDetectorTest). */
    private static double scoreWithLogit(double logit, int cases) {
        double e = Math.exp(logit);
        return ((cases + 0.5) * e - 0.5) / (1 + e) / cases;
    }

    /** A score as far below m5's expectation on bm7 (0.5) as the planted one is above it: pooled with it, exactly 0.5. */
    private static double mirrored() {
        return 1.0 - scoreWithLogit(STRENGTH[5] + EASE[7] + 1.5, 50);
    }

    private long contaminationEvents(String benchmarkId) {
        return events(benchmarkId, "ContaminationSuspected");
    }

    private long events(String benchmarkId, String type) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?",
                Long.class,
                benchmarkId,
                "%." + type);
    }

    /**
     * 8 public benchmarks × 6 models of 50 cases, exactly additive on the logit scale but for m5 on the last benchmark,
     * 1.5 logits above its expected 0: z = 1.5 × √12.5 / f = 4.275523, with the fit's own error
     * f = √(1 + (π/2)(1/5 + 1/7)) (ContaminationDetectorTest has the hand computation).
     */
    @Test
    void a_planted_pair_is_flagged_once_and_shown_on_the_benchmark_and_in_the_integrity_list() {
        var history = new LeaderboardHistory(eventStore, jdbc);
        String prefix = "ct-" + UUID.randomUUID().toString().substring(0, 8) + "/m";
        var benchmarks = new ArrayList<String>();
        for (int b = 0; b < EASE.length; b++) {
            String id = createBenchmark(alice, "Contaminated " + b, "PUBLIC");
            benchmarks.add(id);
            String hash = get("/api/benchmarks/" + id, alice)
                    .body()
                    .get("contentHash")
                    .asText();
            var results = new ArrayList<Result>();
            for (int m = 0; m < STRENGTH.length; m++) {
                double planted = b == EASE.length - 1 && m == STRENGTH.length - 1 ? 1.5 : 0;
                results.add(Result.of(prefix + m, scoreWithLogit(STRENGTH[m] + EASE[b] + planted, 50), 0.05, 10));
            }
            history.completedRun(bob.id(), id, 1, hash, 50, results);
        }
        String bm7 = benchmarks.getLast();

        eventually(
                () -> contaminationEvents(bm7) == 1
                        && get("/api/integrity/contamination", null)
                                .body()
                                .findValuesAsText("benchmarkId")
                                .contains(bm7),
                "the flag is raised and listed");

        JsonNode flag = null;
        for (JsonNode f : get("/api/integrity/contamination?status=OPEN", null).body()) {
            if (f.get("benchmarkId").asText().equals(bm7)) flag = f;
        }
        assertThat(flag).isNotNull();
        assertThat(flag.get("model").asText()).isEqualTo(prefix + 5);
        double fitError = Math.sqrt(1 + Math.PI / 2 * (1.0 / 5 + 1.0 / 7));
        assertThat(flag.get("zScore").asDouble()).isCloseTo(1.5 * Math.sqrt(12.5) / fitError, within(1e-6));
        assertThat(flag.get("expected").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(flag.get("sigma").asDouble()).isCloseTo(0.25 / Math.sqrt(12.5) * fitError, within(1e-9));
        assertThat(flag.get("nCases").asInt()).isEqualTo(50);
        assertThat(flag.get("nBenchmarksForModel").asInt()).isEqualTo(8);
        assertThat(flag.get("nModelsForBenchmark").asInt()).isEqualTo(6);
        assertThat(flag.get("status").asText()).isEqualTo("OPEN");
        assertThat(flag.hasNonNull("raisedAt")).isTrue();
        for (String other : benchmarks.subList(0, 7))
            assertThat(contaminationEvents(other)).isZero();

        JsonNode board = get("/api/benchmarks/" + bm7 + "/leaderboard", null).body();
        assertThat(board.get("contamination").findValuesAsText("model")).containsExactly(prefix + 5);
        assertThat(board.get("entries").get(0).get("model").asText()).isEqualTo(prefix + 5);
        assertThat(board.get("entries").get(0).get("contaminationSuspected").asBoolean())
                .isTrue();
        assertThat(board.get("entries").get(1).get("contaminationSuspected").asBoolean())
                .isFalse();
        // a flag is no edit: the version stays, and the owner's next edit against it is accepted
        assertThat(get("/api/benchmarks/" + bm7, alice).body().get("version").asLong())
                .isEqualTo(1);
        assertThat(send("PATCH", "/api/benchmarks/" + bm7, alice, "{\"title\": \"Still mine\"}", "If-Match", "\"1\"")
                        .status())
                .isEqualTo(200);

        // the policy finds the same pair again: nothing more is raised, whether the read model or the aggregate says so
        assertThat(policy.recompute()).isEqualTo(new ContaminationPolicy.Pass(0, 0));
        Object again = commands.sendAndWait(
                new FlagContamination(new BenchmarkId(bm7), prefix + 5, 0.9, 0.5, 0.07, 5.3, 50, 8, 6));
        assertThat(again).isEqualTo(false);
        assertThat(contaminationEvents(bm7)).isEqualTo(1);
    }

    /** The same planted history; then m5's later runs on bm7 move its z, and an admin steps in. */
    @Test
    void a_flag_is_cleared_by_later_evidence_raised_again_dismissed_by_an_admin_and_shown_in_library_and_detail() {
        var history = new LeaderboardHistory(eventStore, jdbc);
        String tag = "ct" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = tag + "/m";
        var benchmarks = new ArrayList<String>();
        var hashes = new ArrayList<String>();
        for (int b = 0; b < EASE.length; b++) {
            String id = createBenchmark(alice, """
                    {"title": "Withdrawn %d", "visibility": "PUBLIC", "tags": ["%s"], "promptTemplate": "{{input}}",
                     "cases": [{"input": "q", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(b, tag));
            benchmarks.add(id);
            hashes.add(get("/api/benchmarks/" + id, alice)
                    .body()
                    .get("contentHash")
                    .asText());
            var results = new ArrayList<Result>();
            for (int m = 0; m < STRENGTH.length; m++) {
                double planted = b == EASE.length - 1 && m == STRENGTH.length - 1 ? 1.5 : 0;
                results.add(Result.of(prefix + m, scoreWithLogit(STRENGTH[m] + EASE[b] + planted, 50), 0.05, 10));
            }
            history.completedRun(bob.id(), id, 1, hashes.getLast(), 50, results);
        }
        String bm7 = benchmarks.getLast();
        String m5 = prefix + 5;
        eventually(() -> contaminationEvents(bm7) == 1, "the flag is raised");
        eventually(
                () -> get("/api/library?tags=" + tag + "&contaminationFlagged=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 1,
                "the library lists the benchmark as flagged");
        JsonNode item = get("/api/library?tags=" + tag + "&contaminationFlagged=true", null)
                .body()
                .get("items")
                .get(0);
        assertThat(item.get("id").asText()).isEqualTo(bm7);
        assertThat(item.get("contaminationFlags").asInt()).isEqualTo(1);
        assertThat(item.get("flaggedModels").get(0).asText()).isEqualTo(m5);
        assertThat(get("/api/library?tags=" + tag + "&contaminationFlagged=false", null)
                        .body()
                        .get("total")
                        .asLong())
                .isEqualTo(7);
        eventually(
                () -> get("/api/benchmarks/" + bm7, null)
                                .body()
                                .get("contaminationFlags")
                                .size()
                        == 1,
                "the detail shows the flag");
        JsonNode detailFlag = get("/api/benchmarks/" + bm7, null)
                .body()
                .get("contaminationFlags")
                .get(0);
        assertThat(detailFlag.get("model").asText()).isEqualTo(m5);
        assertThat(detailFlag.get("status").asText()).isEqualTo("OPEN");
        assertThat(detailFlag.has("withdrawal")).isFalse();

        // carol's run of m5 on bm7 as far below its expectation as bob's was above: the pooled entry is right on it,
        // z = 0 ≤ 2, the flag is cleared, once, with the new figures
        Caller carol = createUser("carol");
        Caller dave = createUser("dave");
        history.completedRun(carol.id(), bm7, 1, hashes.getLast(), 50, List.of(Result.of(m5, mirrored(), 0.05, 10)));
        eventually(() -> events(bm7, "ContaminationCleared") == 1, "the flag is cleared");
        eventually(
                () -> get("/api/library?tags=" + tag + "&contaminationFlagged=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 0,
                "the library no longer lists it as flagged");
        eventually(
                () -> "CLEARED"
                        .equals(get("/api/benchmarks/" + bm7 + "/leaderboard", null)
                                .body()
                                .get("contamination")
                                .get(0)
                                .get("status")
                                .asText()),
                "the board shows the withdrawn flag");
        JsonNode board = get("/api/benchmarks/" + bm7 + "/leaderboard", null).body();
        JsonNode withdrawn = board.get("contamination").get(0);
        assertThat(withdrawn.get("zScore").asDouble())
                .isCloseTo(1.5 * Math.sqrt(12.5) / Math.sqrt(1 + Math.PI / 2 * (1.0 / 5 + 1.0 / 7)), within(1e-6));
        assertThat(withdrawn.get("withdrawal").get("zScore").asDouble()).isCloseTo(0, within(1e-6));
        assertThat(withdrawn.get("withdrawal").get("nCases").asInt()).isEqualTo(50);
        assertThat(withdrawn.get("withdrawal").hasNonNull("at")).isTrue();
        for (JsonNode entry : board.get("entries"))
            assertThat(entry.get("contaminationSuspected").asBoolean()).isFalse();
        assertThat(get("/api/integrity/contamination?status=CLEARED", null)
                        .body()
                        .findValuesAsText("benchmarkId"))
                .contains(bm7);
        assertThat(get("/api/integrity/contamination?status=open", null).body().findValuesAsText("benchmarkId"))
                .doesNotContain(bm7);
        assertThat(policy.recompute()).isEqualTo(new ContaminationPolicy.Pass(0, 0));
        assertThat(events(bm7, "ContaminationCleared")).isEqualTo(1);

        // dave's three perfect runs lift the pooled entry above the threshold again: raised again
        for (int i = 0; i < 3; i++)
            history.completedRun(dave.id(), bm7, 1, hashes.getLast(), 50, List.of(Result.constant(m5, 1.0)));
        eventually(() -> contaminationEvents(bm7) == 2, "the flag is raised again");
        eventually(
                () -> get("/api/library?tags=" + tag + "&contaminationFlagged=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 1,
                "the library lists it as flagged again");

        // an admin dismisses it: checked, withdrawn for good
        assertThat(send(
                                "POST",
                                "/api/admin/benchmarks/" + bm7 + "/contamination/dismiss",
                                alice.token(),
                                "{\"model\": \"" + m5 + "\", \"reason\": \"mine\"}")
                        .status())
                .isEqualTo(403);
        Response bad = send(
                "POST", "/api/admin/benchmarks/" + bm7 + "/contamination/dismiss", ADMIN_TOKEN, "{\"model\": \"\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("model").contains("reason");
        assertThat(send(
                                "POST",
                                "/api/admin/benchmarks/" + bm7 + "/contamination/dismiss",
                                ADMIN_TOKEN,
                                "{\"model\": \"" + prefix + "0\", \"reason\": \"never flagged\"}")
                        .status())
                .isEqualTo(409);
        Response dismissed = send(
                "POST",
                "/api/admin/benchmarks/" + bm7 + "/contamination/dismiss",
                ADMIN_TOKEN,
                "{\"model\": \"" + m5 + "\", \"reason\": \"The cases were published after the model's cut-off.\"}");
        assertThat(dismissed.status()).isEqualTo(200);
        assertThat(dismissed.body().get("status").asText()).isEqualTo("DISMISSED");
        eventually(
                () -> get("/api/integrity/contamination?status=DISMISSED", null)
                        .body()
                        .findValuesAsText("benchmarkId")
                        .contains(bm7),
                "the flag is listed as dismissed");
        JsonNode dismissal = null;
        for (JsonNode f :
                get("/api/integrity/contamination?status=DISMISSED", null).body()) {
            if (f.get("benchmarkId").asText().equals(bm7)) dismissal = f.get("withdrawal");
        }
        assertThat(dismissal.get("reason").asText()).isEqualTo("The cases were published after the model's cut-off.");
        assertThat(dismissal.get("by").asText()).isNotBlank();
        eventually(
                () -> get("/api/library?tags=" + tag + "&contaminationFlagged=true", null)
                                .body()
                                .get("total")
                                .asLong()
                        == 0,
                "a dismissed flag leaves the library");
        assertThat(policy.recompute()).isEqualTo(new ContaminationPolicy.Pass(0, 0));
        assertThat(contaminationEvents(bm7)).isEqualTo(2);
        assertThat(events(bm7, "ContaminationDismissed")).isEqualTo(1);
        assertThat(send(
                                "POST",
                                "/api/admin/benchmarks/" + bm7 + "/contamination/dismiss",
                                ADMIN_TOKEN,
                                "{\"model\": \"" + m5 + "\", \"reason\": \"again\"}")
                        .status())
                .isEqualTo(200);
        assertThat(events(bm7, "ContaminationDismissed")).isEqualTo(1);

        // unpublished: the flagged benchmark leaves everyone's view but its owner's, in library, flags and detail
        assertThat(send("POST", "/api/benchmarks/" + bm7 + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);
        assertThat(get("/api/integrity/contamination", bob).body().findValuesAsText("benchmarkId"))
                .doesNotContain(bm7);
        assertThat(get("/api/integrity/contamination", alice).body().findValuesAsText("benchmarkId"))
                .contains(bm7);
        assertThat(get("/api/benchmarks/" + bm7, bob).status()).isEqualTo(404);
        eventually(
                () -> get("/api/library?tags=" + tag, null).body().get("total").asLong() == 7,
                "the library hides it from others");
    }

    /**
     * Raised, cleared by a run on expectation, raised again: a replay of the leaderboards passes through the state
     * where the table holds the clean run and the flag is open. The policy must not run then, or it would withdraw
     * the open flag on half a history.
     */
    @Test
    void a_replay_of_the_leaderboards_runs_no_detector_pass_and_withdraws_nothing() {
        var history = new LeaderboardHistory(eventStore, jdbc);
        String prefix = "rp-" + UUID.randomUUID().toString().substring(0, 8) + "/m";
        var benchmarks = new ArrayList<String>();
        String hash = null;
        for (int b = 0; b < EASE.length; b++) {
            String id = createBenchmark(alice, "Replayed " + b, "PUBLIC");
            benchmarks.add(id);
            hash = get("/api/benchmarks/" + id, alice).body().get("contentHash").asText();
            var results = new ArrayList<Result>();
            for (int m = 0; m < STRENGTH.length; m++) {
                double planted = b == EASE.length - 1 && m == STRENGTH.length - 1 ? 1.5 : 0;
                results.add(Result.of(prefix + m, scoreWithLogit(STRENGTH[m] + EASE[b] + planted, 50), 0.05, 10));
            }
            history.completedRun(bob.id(), id, 1, hash, 50, results);
        }
        String bm7 = benchmarks.getLast();
        String m5 = prefix + 5;
        String bm7Hash = hash;
        eventually(() -> contaminationEvents(bm7) == 1, "the flag is raised");
        history.completedRun(
                createUser("carol").id(), bm7, 1, bm7Hash, 50, List.of(Result.of(m5, mirrored(), 0.05, 10)));
        eventually(() -> events(bm7, "ContaminationCleared") == 1, "the flag is cleared");
        String dave = createUser("dave").id();
        for (int i = 0; i < 3; i++) history.completedRun(dave, bm7, 1, bm7Hash, 50, List.of(Result.constant(m5, 1.0)));
        eventually(() -> contaminationEvents(bm7) == 2, "the flag is raised again");
        eventually(() -> "OPEN".equals(flagStatus(bm7, m5)), "the flag is open in the read model");

        var passes = new AtomicInteger();
        ApplicationListener<ApplicationEvent> counter = e -> {
            if (e instanceof PayloadApplicationEvent<?> published && published.getPayload() instanceof ScoresChanged)
                passes.incrementAndGet();
        };
        context.addApplicationListener(counter);
        try {
            Response replay =
                    send("POST", "/api/admin/projections/" + LeaderboardProjection.NAME + "/replay", ADMIN_TOKEN, null);
            assertThat(replay.status()).isEqualTo(202);
            eventually(
                    () -> {
                        for (JsonNode p : send("GET", "/api/admin/projections", ADMIN_TOKEN, null)
                                .body()) {
                            if (p.get("name").asText().equals(LeaderboardProjection.NAME)) {
                                return p.get("state").asText().equals("LIVE")
                                        && p.get("lag").asLong() == 0;
                            }
                        }
                        return false;
                    },
                    "the leaderboards have replayed to the head of the stream");
            eventually(() -> "OPEN".equals(flagStatus(bm7, m5)), "the flag is back in the read model");

            assertThat(passes.get())
                    .as("ScoresChanged published during the replay")
                    .isZero();
            assertThat(events(bm7, "ContaminationCleared")).isEqualTo(1);
            assertThat(contaminationEvents(bm7)).isEqualTo(2);

            // live again: the next completed run does start a pass (so the counter above could have counted)
            history.completedRun(
                    bob.id(),
                    benchmarks.getFirst(),
                    1,
                    get("/api/benchmarks/" + benchmarks.getFirst(), alice)
                            .body()
                            .get("contentHash")
                            .asText(),
                    50,
                    List.of(Result.of(prefix + 0, scoreWithLogit(STRENGTH[0] + EASE[0], 50), 0.05, 10)));
            eventually(() -> passes.get() >= 1, "a live completed run publishes ScoresChanged");
        } finally {
            context.getBean(ApplicationEventMulticaster.class).removeApplicationListener(counter);
        }
    }

    /**
     * The 8 × 6 history without a plant; then bob runs m5 on bm7 far above its expectation, with an override. The
     * detector reads the public entries, which that run never reaches: no flag (on a board of each model's latest
     * run by anyone, that run would be flagged).
     */
    @Test
    void a_run_with_an_override_raises_no_flag() {
        var history = new LeaderboardHistory(eventStore, jdbc);
        String prefix = "ov-" + UUID.randomUUID().toString().substring(0, 8) + "/m";
        String bm7 = null;
        String hash = null;
        for (int b = 0; b < EASE.length; b++) {
            bm7 = createBenchmark(alice, "Overridden " + b, "PUBLIC");
            hash = get("/api/benchmarks/" + bm7, alice)
                    .body()
                    .get("contentHash")
                    .asText();
            var results = new ArrayList<Result>();
            for (int m = 0; m < STRENGTH.length; m++)
                results.add(Result.of(prefix + m, scoreWithLogit(STRENGTH[m] + EASE[b], 50), 0.05, 10));
            history.completedRun(bob.id(), bm7, 1, hash, 50, results);
        }
        String last = bm7;
        eventually(
                () -> leaderboards.publicScores(null, null).stream()
                                .filter(sc -> sc.benchmarkId().equals(last))
                                .count()
                        == STRENGTH.length,
                "the history is on the boards");
        var before = leaderboards.publicScores(null, null).stream()
                .filter(sc -> sc.model().startsWith(prefix))
                .toList();

        var overridden = history.completedRun(
                bob.id(),
                bm7,
                1,
                hash,
                50,
                List.of(Result.of(prefix + 5, scoreWithLogit(STRENGTH[5] + EASE[7] + 3, 50), 0.01, 10)),
                List.of("params.temperature"));
        eventually(
                () -> history.applied(
                        overridden.value(),
                        send("GET", "/api/admin/projections", ADMIN_TOKEN, null).body()),
                "the leaderboards projection has applied the override run");
        policy.recompute();

        assertThat(leaderboards.publicScores(null, null).stream()
                        .filter(sc -> sc.model().startsWith(prefix))
                        .toList())
                .isEqualTo(before);
        assertThat(contaminationEvents(bm7)).isZero();
    }

    private String flagStatus(String benchmarkId, String model) {
        return jdbc.query(
                "SELECT status FROM contamination_flag WHERE benchmark_id = ? AND model = ?",
                rs -> rs.next() ? rs.getString(1) : null,
                benchmarkId,
                model);
    }

    @Test
    void an_unknown_status_is_a_400_naming_it() {
        Response response = get("/api/integrity/contamination?status=WITHDRAWN", alice);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("status");
    }
}

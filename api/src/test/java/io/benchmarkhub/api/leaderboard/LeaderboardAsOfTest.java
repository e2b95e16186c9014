package io.benchmarkhub.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.ClearContamination;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import io.benchmarkhub.testsupport.EventClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GET /api/benchmarks/{id}/leaderboard?asOf=: the board rebuilt as of an instant equals, field by field, the live board
 * captured at that instant.
 */
class LeaderboardAsOfTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Autowired
    CommandGateway commands;

    private LeaderboardHistory history;
    private String prefix;

    @BeforeEach
    void setUp() {
        history = new LeaderboardHistory(eventStore, jdbc);
        prefix = "asof-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    /** An instant strictly between the last write's events and the next one's (the event clock never repeats an instant). */
    private static Instant pause() {
        return EventClock.between();
    }

    /** The live board once it satisfies {@code ready}, i.e. once the projection has applied what the test just wrote. */
    private JsonNode liveBoard(String id, Predicate<JsonNode> ready, String what) {
        eventually(
                () -> {
                    Response r = get("/api/benchmarks/" + id + "/leaderboard?includeSimulated=true", alice);
                    return r.status() == 200 && ready.test(r.body());
                },
                what);
        return get("/api/benchmarks/" + id + "/leaderboard?includeSimulated=true", alice)
                .body();
    }

    private JsonNode boardAsOf(String id, Instant asOf, Caller caller) {
        Response r = get("/api/benchmarks/" + id + "/leaderboard?includeSimulated=true&asOf=" + asOf, caller);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(Instant.parse(r.body().get("asOf").asText())).isEqualTo(asOf);
        ObjectNode board = r.body().deepCopy();
        board.remove("asOf");
        return board;
    }

    private String hash(String id) {
        return get("/api/benchmarks/" + id, alice).body().get("contentHash").asText();
    }

    @Test
    void as_of_each_instant_the_board_is_exactly_the_live_board_captured_then() throws InterruptedException {
        String id = createBenchmark(alice, "Time-travelled board", "PUBLIC");
        String v1Hash = hash(id);
        String a = prefix + "a";
        String b = prefix + "b";
        String c = prefix + "c";
        var captured = new LinkedHashMap<Instant, JsonNode>();

        captured.put(pause(), liveBoard(id, board -> board.get("entries").isEmpty(), "the empty board"));

        history.completedRun(
                alice.id(), id, 1, v1Hash, 20, List.of(Result.of(a, 0.80, 0.05, 100), Result.of(b, 0.60, 0.05, 40)));
        captured.put(pause(), liveBoard(id, board -> board.get("entries").size() == 2, "the first run"));

        // a run with an override counts nowhere; a second canonical run of a pools with the first and adds c
        history.completedRun(
                bob.id(),
                id,
                1,
                v1Hash,
                20,
                List.of(Result.of(a, 0.99, 0.01, 90), Result.of(c, 0.99, 0.01, 30)),
                List.of(RunRequested.MAX_TOKENS));
        history.completedRun(
                bob.id(), id, 1, v1Hash, 20, List.of(Result.of(a, 0.50, 0.05, 90), Result.of(c, 0.70, 0.02, 30)));
        captured.put(pause(), liveBoard(id, board -> board.get("entries").size() == 3, "the second run"));
        // c 0.70, a (0.80 and 0.50 pooled) 0.65, b 0.60
        JsonNode pooled = captured.values().stream().toList().getLast().get("entries");
        assertThat(pooled.findValuesAsText("model")).containsExactly(c, a, b);
        assertThat(pooled.get(1).get("runCount").asInt()).isEqualTo(2);

        // a new case: a new content hash, on which no run has completed yet
        assertThat(send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"9+9\", \"expected\": \"18\"}")
                        .status())
                .isEqualTo(200);
        captured.put(pause(), liveBoard(id, board -> board.get("version").asLong() == 2, "version 2's empty board"));
        String v2Hash = hash(id);
        assertThat(v2Hash).isNotEqualTo(v1Hash);

        history.completedRun(
                alice.id(),
                id,
                2,
                v2Hash,
                21,
                List.of(
                        Result.of(b, 0.90, 0.03, 40),
                        Result.of(prefix + "sim", 0.99, 0.01, 0).asSimulated()));
        captured.put(pause(), liveBoard(id, board -> board.get("entries").size() == 2, "the run on version 2"));

        commands.sendAndWait(new FlagContamination(new BenchmarkId(id), b, 0.9, 0.5, 0.1, 4.0, 21, 8, 6));
        captured.put(pause(), liveBoard(id, board -> board.get("contamination").size() == 1, "the flag"));

        // withdrawn, then raised again with other figures: the read model keeps only the latest flag per model, the
        // events keep all three, and each instant shows the one that stood then
        commands.sendAndWait(new ClearContamination(new BenchmarkId(id), b, 0.6, 0.55, 0.1, 0.5, 21, 8, 6));
        captured.put(
                pause(),
                liveBoard(
                        id,
                        board -> board.at("/contamination/0/status").asText().equals("CLEARED"),
                        "the clearing"));
        commands.sendAndWait(new FlagContamination(new BenchmarkId(id), b, 0.95, 0.5, 0.1, 4.5, 21, 8, 6));
        captured.put(
                pause(),
                liveBoard(id, board -> board.at("/contamination/0/zScore").asDouble() == 4.5, "the flag raised again"));

        assertThat(captured.values().stream().distinct())
                .as("every step changed the board")
                .hasSize(captured.size());
        for (Map.Entry<Instant, JsonNode> step : captured.entrySet()) {
            assertThat(boardAsOf(id, step.getKey(), alice))
                    .as("as of " + step.getKey())
                    .isEqualTo(step.getValue());
            assertThat(boardAsOf(id, step.getKey(), null))
                    .as("anonymously, as of " + step.getKey())
                    .isEqualTo(step.getValue());
        }

        // an older version's board as of now is the live board of that version; its hash is no longer current
        Instant afterSecondRun = captured.keySet().stream().toList().get(2);
        JsonNode v1Live = get("/api/benchmarks/" + id + "/leaderboard?includeSimulated=true&version=1", alice)
                .body();
        ObjectNode v1Now = get(
                        "/api/benchmarks/" + id + "/leaderboard?includeSimulated=true&version=1&asOf=" + Instant.now(),
                        alice)
                .body()
                .deepCopy();
        v1Now.remove("asOf");
        assertThat(v1Now).isEqualTo(v1Live);
        assertThat(v1Now.get("current").asBoolean()).isFalse();
        assertThat(v1Now.get("entries").findValuesAsText("contaminationSuspected"))
                .containsExactly("false", "false", "true");
        // a version the benchmark did not have yet at that instant
        Response tooNew = get("/api/benchmarks/" + id + "/leaderboard?version=2&asOf=" + afterSecondRun, alice);
        assertThat(tooNew.status()).isEqualTo(400);
        assertThat(tooNew.text()).contains("version");

        // a future instant answers the board so far
        JsonNode future = boardAsOf(id, Instant.now().plusSeconds(3600), alice);
        assertThat(future).isEqualTo(captured.values().stream().toList().getLast());
    }

    @Test
    void who_sees_an_old_board_is_decided_by_the_benchmarks_visibility_now() throws InterruptedException {
        String id = createBenchmark(alice, "Was public", "PUBLIC");
        history.completedRun(alice.id(), id, 1, hash(id), 10, List.of(Result.of(prefix + "x", 0.7, 0.05, 10)));
        liveBoard(id, board -> board.get("entries").size() == 1, "the run");
        Instant whilePublic = pause();
        assertThat(boardAsOf(id, whilePublic, bob).get("entries").size()).isEqualTo(1);

        assertThat(send("POST", "/api/benchmarks/" + id + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);
        eventually(
                () -> get("/api/benchmarks/" + id + "/leaderboard", bob).status() == 404, "the live board is hidden");
        assertThat(get("/api/benchmarks/" + id + "/leaderboard?asOf=" + whilePublic, bob)
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/benchmarks/" + id + "/leaderboard?asOf=" + whilePublic, (Caller) null)
                        .status())
                .isEqualTo(404);
        assertThat(boardAsOf(id, whilePublic, alice).get("entries").size()).isEqualTo(1);
    }

    @Test
    void an_instant_before_the_benchmark_is_404_and_a_bad_instant_is_a_400_naming_as_of() throws InterruptedException {
        Instant before = pause();
        String id = createBenchmark(alice, "Young", "PUBLIC");
        assertThat(get("/api/benchmarks/" + id + "/leaderboard?asOf=" + before, alice)
                        .status())
                .isEqualTo(404);

        Response bad = get("/api/benchmarks/" + id + "/leaderboard?asOf=last-tuesday", alice);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).contains("application/problem+json");
        assertThat(bad.body().toString()).contains("asOf");
    }
}

package io.benchmarkhub.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.leaderboard.LeaderboardHistory;
import io.benchmarkhub.api.run.RunScript;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.benchmark.BenchmarkDetailProjection;
import io.benchmarkhub.projections.forks.ForkTreeProjection;
import io.benchmarkhub.projections.library.LibraryProjection;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection;
import io.benchmarkhub.projections.run.RunProjection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Read models are rebuildable and idempotent: replaying from position 0, or redelivering events, gives the same rows. */
class ProjectionRebuildTest extends ApiTestBase {

    /** Every read table, ordered by its key so two snapshots compare row by row. */
    private static final Map<String, String> TABLES = Map.ofEntries(Map.entry(
            "benchmark", "SELECT * FROM benchmark ORDER BY id"),
            Map.entry("benchmark_case", "SELECT * FROM benchmark_case ORDER BY benchmark_id, case_id, valid_from"),
            Map.entry("benchmark_version", "SELECT * FROM benchmark_version ORDER BY benchmark_id, version"),
            Map.entry("benchmark_fork", "SELECT * FROM benchmark_fork ORDER BY fork_id"),
            Map.entry("library_entry", "SELECT * FROM library_entry ORDER BY id"),
            Map.entry("run", "SELECT * FROM run ORDER BY id"),
            Map.entry("run_trial", "SELECT * FROM run_trial ORDER BY run_id, model, case_id, repeat"),
            Map.entry("run_verdict", "SELECT * FROM run_verdict ORDER BY run_id, model, case_id, repeat, grader_index, judge_model"),
            Map.entry("run_human_grade", "SELECT * FROM run_human_grade ORDER BY run_id, model, case_id, graded_by"),
            Map.entry("leaderboard_run", "SELECT * FROM leaderboard_run ORDER BY run_id"),
            Map.entry("leaderboard_result", "SELECT * FROM leaderboard_result ORDER BY run_id, model"),
            Map.entry("contamination_flag", "SELECT * FROM contamination_flag ORDER BY benchmark_id, model"));

    @Autowired
    EventStore eventStore;
    @Autowired
    BenchmarkDetailProjection detail;
    @Autowired
    ForkTreeProjection forks;
    @Autowired
    LibraryProjection library;
    @Autowired
    RunProjection runs;
    @Autowired
    LeaderboardProjection leaderboards;
    @Autowired
    CommandGateway commands;

    @Test
    void read_models_rebuilt_by_replay_equal_the_live_ones() {
        String id = buildHistory();
        RunScript run = buildRun(id);
        Map<String, List<Map<String, Object>>> live = snapshot();
        assertThat(live.get("benchmark")).isNotEmpty();
        assertThat(live.get("benchmark_fork")).isNotEmpty();
        assertThat(live.get("run_human_grade")).isNotEmpty();
        assertThat(live.get("leaderboard_result")).isNotEmpty();
        assertThat(live.get("contamination_flag")).isNotEmpty();
        JsonNode liveBoard = get("/api/benchmarks/" + id + "/leaderboard", alice).body();
        assertThat(liveBoard.get("contamination")).hasSize(1);
        JsonNode liveFlags = get("/api/integrity/contamination", alice).body();
        // damage every read model, so only a real rebuild can bring the live rows back
        jdbc.update("UPDATE benchmark SET title = 'damaged' WHERE id = ?", id);
        jdbc.update("DELETE FROM benchmark_case WHERE benchmark_id = ?", id);
        jdbc.update("DELETE FROM benchmark_fork WHERE source_id = ?", id);
        jdbc.update("UPDATE library_entry SET case_count = -1 WHERE id = ?", id);
        jdbc.update("UPDATE run SET status = 'FAILED' WHERE id = ?", run.id.value());
        jdbc.update("DELETE FROM run_trial WHERE run_id = ?", run.id.value());
        jdbc.update("UPDATE run_verdict SET score = 0 WHERE run_id = ?", run.id.value());
        jdbc.update("DELETE FROM run_human_grade WHERE run_id = ?", run.id.value());
        jdbc.update("UPDATE leaderboard_result SET score = 0 WHERE benchmark_id = ?", id);
        jdbc.update("DELETE FROM contamination_flag WHERE benchmark_id = ?", id);

        for (String projection : List.of(BenchmarkDetailProjection.NAME, ForkTreeProjection.NAME, LibraryProjection.NAME,
                RunProjection.NAME, LeaderboardProjection.NAME)) {
            Response started = send("POST", "/api/admin/projections/" + projection + "/replay", ADMIN_TOKEN, null);
            assertThat(started.status()).isEqualTo(202);
        }
        eventually(this::allCaughtUp, "every projection has replayed to the head of the stream");

        Map<String, List<Map<String, Object>>> rebuilt = snapshot();
        for (String table : TABLES.keySet()) {
            assertThat(rebuilt.get(table)).as(table).isEqualTo(live.get(table));
        }
        assertThat(get("/api/benchmarks/" + id, alice).body().get("version").asLong()).isEqualTo(6);
        assertThat(get("/api/runs/" + run.id.value(), alice).body().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(get("/api/benchmarks/" + id + "/leaderboard", alice).body()).isEqualTo(liveBoard);
        assertThat(get("/api/integrity/contamination", alice).body()).isEqualTo(liveFlags);
    }

    @Test
    void redelivering_a_whole_history_to_every_projection_changes_no_row() {
        String id = buildHistory();
        RunScript run = buildRun(id);
        Map<String, List<Map<String, Object>>> before = snapshot();

        List<DomainEventMessage<?>> history = new ArrayList<>(eventStore.readEvents(id).asStream().toList());
        assertThat(history).hasSizeGreaterThanOrEqualTo(6);
        history.addAll(eventStore.readEvents(run.id.value()).asStream().toList());
        for (Object projection : List.of(detail, forks, library, runs, leaderboards)) {
            var adapter = new AnnotationEventHandlerAdapter(projection);
            for (DomainEventMessage<?> event : history) {
                try {
                    adapter.handle(event);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void the_projection_list_shows_position_lag_and_state() {
        createBenchmark(alice, "Listed", "PRIVATE");
        JsonNode list = get("/api/admin/projections", ADMIN_TOKEN).body();
        assertThat(list.findValuesAsText("name")).contains(BenchmarkDetailProjection.NAME, ForkTreeProjection.NAME, LibraryProjection.NAME,
                RunProjection.NAME, LeaderboardProjection.NAME);
        assertThat(get("/api/admin/projections", alice).status()).isEqualTo(403);
        assertThat(send("POST", "/api/admin/projections/nope/replay", ADMIN_TOKEN, null).status()).isEqualTo(404);
    }

    private Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** A benchmark with every kind of change, a public fork and a private fork. */
    private String buildHistory() {
        String id = createBenchmark(alice, "History", "PRIVATE");
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"History v2\", \"promptTemplate\": \"Q: {{input}}\"}");
        send("POST", "/api/benchmarks/" + id + "/cases", alice, "[{\"input\": \"a\", \"metadata\": {\"k\": 1}}, {\"input\": \"b\", \"tags\": [\"x\"]}]");
        send("PUT", "/api/benchmarks/" + id + "/cases/c1", alice, "{\"input\": \"2+2\", \"expected\": \"four\"}");
        send("DELETE", "/api/benchmarks/" + id + "/cases/c2", alice, null);
        send("POST", "/api/benchmarks/" + id + "/publish", alice, null);
        send("POST", "/api/benchmarks/" + id + "/forks", bob, "{}");
        send("POST", "/api/benchmarks/" + id + "/forks", bob, "{\"visibility\": \"PRIVATE\", \"title\": \"Mine\"}");
        eventually(() -> jdbc.queryForObject("SELECT count(*) FROM benchmark_fork WHERE source_id = ?", Long.class, id) == 2
                && jdbc.queryForObject("SELECT count(*) FROM library_entry WHERE id = ? AND visibility = 'PUBLIC'", Long.class, id) == 1
                && jdbc.queryForObject("SELECT count(*) FROM library_entry WHERE id IN (SELECT fork_id FROM benchmark_fork WHERE source_id = ?)",
                        Long.class, id) == 2,
                "the forks and the library have caught up");
        return id;
    }

    /**
     * A completed run of the benchmark with one of every kind of run event, as alice's, applied by the runs projection;
     * a completed run of its current content by bob and a contamination flag, applied by the leaderboards projection.
     */
    private RunScript buildRun(String benchmarkId) {
        var script = new RunScript(alice.id(), benchmarkId, List.of("m"), List.of(), List.of("c1", "c2"), 1,
                List.of(new Grader.Exact(null, null), new Grader.LlmJudge("right?", List.of("j1", "j2"), null)),
                List.of(new JudgePanel(1, List.of("j1", "j2"))), List.of());
        script.appendTo(eventStore, script.everyKind(new UserId(bob.id())));
        eventually(() -> "COMPLETED".equals(jdbc.query("SELECT status FROM run WHERE id = ?",
                        rs -> rs.next() ? rs.getString(1) : null, script.id.value()))
                        && jdbc.queryForObject("SELECT count(*) FROM run_human_grade WHERE run_id = ?", Long.class, script.id.value()) == 1
                        && jdbc.queryForObject("SELECT count(*) FROM leaderboard_result WHERE run_id = ?", Long.class, script.id.value()) == 1,
                "the runs and leaderboards projections have caught up");
        String hash = get("/api/benchmarks/" + benchmarkId, alice).body().get("contentHash").asText();
        new LeaderboardHistory(eventStore, jdbc).completedRun(bob.id(), benchmarkId, 6, hash, 30,
                List.of(LeaderboardHistory.Result.of("m1", 0.8, 0.05, 20), LeaderboardHistory.Result.of("m2", 0.6, 0.05, 10)));
        eventually(() -> get("/api/benchmarks/" + benchmarkId + "/leaderboard", alice).body().get("entries").size() == 2,
                "the leaderboard shows bob's run");
        commands.sendAndWait(new FlagContamination(new BenchmarkId(benchmarkId), "m", 0.9, 0.5, 0.07, 5.7, 2, 5, 3));
        eventually(() -> jdbc.queryForObject("SELECT count(*) FROM contamination_flag WHERE benchmark_id = ?", Long.class, benchmarkId) == 1,
                "the flag is projected");
        // the flag's event reaches benchmark-detail independently of the leaderboards projection waited for above
        eventually(this::allCaughtUp, "every projection is live at the head of the stream");
        return script;
    }

    private boolean allCaughtUp() {
        JsonNode list = get("/api/admin/projections", ADMIN_TOKEN).body();
        for (JsonNode p : list) {
            if (!p.get("state").asText().equals("LIVE") || p.get("lag").asLong() > 0) return false;
        }
        return true;
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        var result = new LinkedHashMap<String, List<Map<String, Object>>>();
        TABLES.forEach((table, sql) -> result.put(table, jdbc.queryForList(sql)));
        return result;
    }
}

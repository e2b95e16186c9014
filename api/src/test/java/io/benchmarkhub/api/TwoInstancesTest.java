package io.benchmarkhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.leaderboard.LeaderboardHistory;
import io.benchmarkhub.command.run.RunExecutor;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/** Two application instances on one PostgreSQL: commands, caches and projections must behave as one system. */
class TwoInstancesTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();
    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @Autowired
    RunExecutor executor;

    @Autowired
    EventStore eventStore;

    @BeforeEach
    void startSecondInstance() {
        if (second != null) return;
        second = NODES.start(dataSource, ADMIN_TOKEN, List.of());
        secondPort = ExtraNodes.port(second);
    }

    @AfterAll
    static void stopSecondInstance() {
        NODES.close();
        second = null;
    }

    private Response onSecond(String method, String path, Caller caller, String body, String... headers) {
        int first = port;
        port = secondPort;
        try {
            return send(method, path, caller, body, headers);
        } finally {
            port = first;
        }
    }

    @Test
    void a_benchmark_made_private_on_one_node_cannot_be_forked_through_the_other() {
        String id = createBenchmark(alice, "Public for now", "PUBLIC");
        assertThat(send("PATCH", "/api/benchmarks/" + id, alice, "{\"description\": \"cached here\"}")
                        .status())
                .isEqualTo(200);

        assertThat(onSecond("POST", "/api/benchmarks/" + id + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);

        assertThat(send("POST", "/api/benchmarks/" + id + "/forks", bob, "{}").status())
                .isEqualTo(404);
        assertThat(send("POST", "/api/benchmarks/" + id + "/publish", alice, null)
                        .body()
                        .get("version")
                        .asLong())
                .isEqualTo(4);
    }

    @Test
    void a_board_kept_on_both_nodes_shows_a_new_run_on_the_second_as_soon_as_the_first_shows_it() {
        // boards are kept per position of the leaderboards projection (ADR 0049): a node answers its kept board only
        // while the position it was computed at is still the one every node reads
        String id = createBenchmark(alice, "Kept on both nodes", "PUBLIC");
        String hash =
                get("/api/benchmarks/" + id, alice).body().get("contentHash").asText();
        String board = "/api/benchmarks/" + id + "/leaderboard";
        String prefix = "nodes-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        var history = new LeaderboardHistory(eventStore, jdbc);
        history.completedRun(bob.id(), id, 1, hash, 20, List.of(Result.of(prefix + "a", 0.7, 0.05, 10)));
        eventually(() -> get(board, bob).body().get("entries").size() == 1, "the first node shows the run");
        assertThat(onSecond("GET", board, bob, null).body().get("entries")).hasSize(1);

        history.completedRun(bob.id(), id, 1, hash, 20, List.of(Result.of(prefix + "b", 0.5, 0.05, 10)));
        eventually(() -> get(board, bob).body().get("entries").size() == 2, "the first node shows the new run");
        assertThat(onSecond("GET", board, bob, null).body().get("entries").findValuesAsText("model"))
                .as("the second node, at once")
                .containsExactly(prefix + "a", prefix + "b");

        // and whoever may no longer see it gets no kept board from either node
        assertThat(onSecond("POST", "/api/benchmarks/" + id + "/unpublish", alice, null)
                        .status())
                .isEqualTo(200);
        assertThat(get(board, bob).status()).isEqualTo(404);
        assertThat(onSecond("GET", board, null, null).status()).isEqualTo(404);
        assertThat(get(board, alice).body().get("entries")).hasSize(2);
    }

    @Test
    void the_same_if_match_on_both_nodes_gives_one_success_and_one_412() throws Exception {
        String id = createBenchmark(alice, "Contested across nodes", "PRIVATE");
        var start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"A\"}", "If-Match", "\"1\"")
                        .status();
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return onSecond("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"B\"}", "If-Match", "\"1\"")
                        .status();
            });
            start.countDown();
            statuses.add(a.get());
            statuses.add(b.get());
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void edits_through_both_nodes_are_all_applied_and_every_projection_processes_each_event_once() {
        String id = createBenchmark(alice, "Shared", "PRIVATE");
        for (int i = 0; i < 10; i++) {
            Response r = i % 2 == 0
                    ? send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"q" + i + "\"}")
                    : onSecond("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"q" + i + "\"}");
            assertThat(r.status()).isEqualTo(200);
        }
        eventually(
                () -> get("/api/benchmarks/" + id, alice).body().get("version").asLong() == 11,
                "both nodes' edits are read");
        assertThat(get("/api/benchmarks/" + id, alice).body().get("cases")).hasSize(12);
        // The library is its own processor: writes do not wait for it, so it may be a batch behind the detail.
        eventually(
                () -> jdbc.queryForObject("SELECT case_count FROM library_entry WHERE id = ?", Integer.class, id) == 12,
                "the library counts every case added through either node");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM benchmark_version WHERE benchmark_id = ?", Integer.class, id))
                .isEqualTo(11);
    }

    @Test
    void a_run_executing_on_one_node_is_cancelled_through_the_other_and_its_executor_stops() {
        var cases = new ArrayList<String>();
        for (int i = 1; i <= 40; i++) cases.add("{\"input\": \"q" + i + "\", \"expected\": \"q" + i + "\"}");
        String benchmark = createBenchmark(alice, """
                {"title": "Long run", "cases": [%s], "graders": [{"type": "contains"}]}""".formatted(String.join(",", cases)));
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/slow-x", "fake/slow-y"], "billing": "BYOK"}""".formatted(benchmark), "X-Provider-Key", "sk-test-byok");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        eventually(
                () -> executor.activeRuns().contains(runId) && eventCount(runId) > 3,
                "the first node executes the run");
        assertThat(second.getBean(RunExecutor.class).activeRuns()).doesNotContain(runId);

        assertThat(onSecond("POST", "/api/runs/" + runId + "/cancel", alice, null)
                        .status())
                .isEqualTo(200);

        eventually(() -> !executor.activeRuns().contains(runId), "the first node's executor stops");
        long events = eventCount(runId);
        Long cancelledAt = jdbc.queryForObject(
                "SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%RunCancelled'",
                Long.class, runId);
        assertThat(cancelledAt).isEqualTo(events - 1);
    }

    @Test
    void both_nodes_append_events_and_the_hash_chain_links_each_exactly_once() {
        String id = createBenchmark(alice, "Chained on two nodes", "PRIVATE");
        for (int i = 0; i < 10; i++) {
            Response added = i % 2 == 0
                    ? send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"q" + i + "\"}")
                    : onSecond("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"q" + i + "\"}");
            assertThat(added.status()).isEqualTo(200);
        }
        eventually(
                () -> jdbc.queryForObject(
                                "SELECT count(*) FROM domain_event_entry e WHERE NOT EXISTS "
                                        + "(SELECT 1 FROM event_hash_chain c WHERE c.global_index = e.global_index)",
                                Long.class)
                        == 0,
                "every event is chained");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_hash_chain", Long.class))
                .isEqualTo(totalEvents());
        assertThat(jdbc.queryForObject("SELECT max(chain_position) FROM event_hash_chain", Long.class))
                .isEqualTo(totalEvents());
        assertThat(jdbc.queryForList(
                        "SELECT owner FROM token_entry WHERE processor_name = 'audit-chain'", String.class))
                .hasSize(1);
        Response verified = onSecond("GET", "/api/audit/verify", null, null, "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(verified.body().get("ok").asBoolean()).as(verified.text()).isTrue();
    }
}

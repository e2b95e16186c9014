package io.benchmarkhub.api.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Free plan's 10 private benchmarks per space are exact (docs/plans.md): creations racing for the last slot, on one
 * node or on two nodes of one PostgreSQL at once, give it to one of them; publishing gives a slot back, and a command
 * that fails takes none.
 */
class PrivateBenchmarkLimitTwoInstancesTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startSecondInstance() {
        if (secondPort != 0) return;
        var args = new ArrayList<String>(List.of(
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + MAIL.getSmtp().getPort()));
        args.addAll(planPriceArgs());
        secondPort = ExtraNodes.port(NODES.start(dataSource, ADMIN_TOKEN, args));
    }

    @AfterAll
    static void stopSecondInstance() {
        NODES.close();
        secondPort = 0;
    }

    @Test
    void creations_racing_on_two_nodes_for_the_last_slot_give_it_to_one() {
        Caller carol = createUser("carol");
        for (int i = 0; i < 9; i++) createBenchmark(carol, "Private " + i, "PRIVATE");
        List<Integer> statuses = race(carol, null, List.of(port, secondPort, port, secondPort, port, secondPort));
        assertThat(statuses).containsExactlyInAnyOrder(201, 402, 402, 402, 402, 402);
        assertThat(slots("user:" + carol.id())).isEqualTo(10);
        eventually(() -> privateInReadModel(carol.id(), null) == 10, "the read model shows the 10");
    }

    /**
     * The creations made to overlap: the test holds the space's row, so every creation, from both nodes, waits at the
     * slot's first statement until all four do; then they go at once, and the lock the check takes lets one through.
     */
    @Test
    void creations_released_at_once_on_two_nodes_still_give_the_last_slot_to_one() throws Exception {
        Caller gina = createUser("gina");
        for (int i = 0; i < 9; i++) createBenchmark(gina, "Private " + i, "PRIVATE");
        String space = "user:" + gina.id();
        List<Integer> nodes = List.of(port, secondPort, port, secondPort);
        var pending = new ArrayList<CompletableFuture<Response>>();
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            try (PreparedStatement lock =
                    held.prepareStatement("UPDATE private_benchmark_space SET space = space WHERE space = ?")) {
                lock.setString(1, space);
                assertThat(lock.executeUpdate()).isEqualTo(1);
            }
            for (int i = 0; i < nodes.size(); i++) {
                int node = nodes.get(i);
                String json = body("Released " + i, null);
                pending.add(CompletableFuture.supplyAsync(() -> post(node, gina, json)));
            }
            eventually(
                    () -> {
                        Long waiting = jdbc.queryForObject("""
                                SELECT count(*) FROM pg_stat_activity
                                 WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO private_benchmark_space%'""", Long.class);
                        return waiting != null && waiting == nodes.size();
                    },
                    "every creation waits for the space's row");
            held.commit();
        }
        var statuses = new ArrayList<Integer>();
        for (var response : pending) statuses.add(response.join().status());
        assertThat(statuses).containsExactlyInAnyOrder(201, 402, 402, 402);
        assertThat(slots(space)).isEqualTo(10);
    }

    @Test
    void creations_racing_on_one_node_for_the_last_slot_give_it_to_one() {
        Caller dave = createUser("dave");
        for (int i = 0; i < 9; i++) createBenchmark(dave, "Private " + i, "PRIVATE");
        List<Integer> statuses = race(dave, null, List.of(port, port, port, port));
        assertThat(statuses).containsExactlyInAnyOrder(201, 402, 402, 402);
        assertThat(slots("user:" + dave.id())).isEqualTo(10);
    }

    @Test
    void publishing_gives_a_slot_back_and_a_failed_creation_takes_none() {
        Caller erin = createUser("erin");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 9; i++) ids.add(createBenchmark(erin, "Private " + i, "PRIVATE"));
        // refused by the aggregate (a blank title) after the slot was taken: the slot is given back
        Response blank = send("POST", "/api/benchmarks", erin, body("  ", null));
        assertThat(blank.status()).as(blank.text()).isEqualTo(400);
        assertThat(slots("user:" + erin.id())).isEqualTo(9);
        ids.add(createBenchmark(erin, "Private 9", "PRIVATE"));
        assertThat(send("POST", "/api/benchmarks", erin, body("Eleventh", null)).status())
                .isEqualTo(402);

        assertThat(send("POST", "/api/benchmarks/" + ids.getFirst() + "/publish", erin, null)
                        .status())
                .isEqualTo(200);
        assertThat(slots("user:" + erin.id())).isEqualTo(9);
        // straight away, on the other node too
        assertThat(post(secondPort, erin, body("Tenth again", null)).status()).isEqualTo(201);
        assertThat(post(secondPort, erin, body("Eleventh", null)).status()).isEqualTo(402);
        // and making it private again is the same limit, refused without a slot left behind
        assertThat(send("POST", "/api/benchmarks/" + ids.getFirst() + "/unpublish", erin, null)
                        .status())
                .isEqualTo(402);
        assertThat(slots("user:" + erin.id())).isEqualTo(10);
    }

    @Test
    void a_workspace_on_free_holds_ten_and_racing_members_on_two_nodes_cannot_make_eleven() {
        Caller frank = createUser("frank");
        Response created =
                send("POST", "/api/workspaces", frank, "{\"name\": \"Racers\", \"slug\": \"race-" + uid() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String workspace = created.body().get("id").asText();
        for (int i = 0; i < 9; i++) {
            assertThat(send("POST", "/api/benchmarks", frank, body("Team " + i, workspace))
                            .status())
                    .isEqualTo(201);
        }
        List<Integer> statuses = race(frank, workspace, List.of(port, secondPort, port, secondPort));
        assertThat(statuses).containsExactlyInAnyOrder(201, 402, 402, 402);
        assertThat(slots("workspace:" + workspace)).isEqualTo(10);
        // the personal space is a space of its own
        assertThat(send("POST", "/api/benchmarks", frank, body("Mine", null)).status())
                .isEqualTo(201);
        eventually(() -> privateInReadModel(frank.id(), workspace) == 10, "the read model shows the workspace's 10");
    }

    /** Sends one private creation per entry of {@code nodes}, all at once; their statuses. */
    private List<Integer> race(Caller caller, String workspace, List<Integer> nodes) {
        var pending = new ArrayList<CompletableFuture<Response>>();
        for (int i = 0; i < nodes.size(); i++) {
            int node = nodes.get(i);
            String json = body("Racer " + i, workspace);
            pending.add(CompletableFuture.supplyAsync(() -> post(node, caller, json)));
        }
        var statuses = new ArrayList<Integer>();
        for (var response : pending) {
            Response r = response.join();
            assertThat(r.status()).as(r.text()).isIn(201, 402);
            if (r.status() == 402) {
                assertThat(r.body().get("limit").asText()).isEqualTo("private-benchmarks");
            }
            statuses.add(r.status());
        }
        return statuses;
    }

    private Response post(int node, Caller caller, String json) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + node + "/api/benchmarks"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .setHeader("Content-Type", "application/json");
        return exchange(builder, caller.token());
    }

    /** A private benchmark (no visibility given), in the workspace when one is named. */
    private static String body(String title, String workspace) {
        return """
                {"title": "%s", "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]%s}""".formatted(title, workspace == null ? "" : ", \"workspaceId\": \"" + workspace + "\"");
    }

    private long slots(String space) {
        Long held =
                jdbc.queryForObject("SELECT count(*) FROM private_benchmark_slot WHERE space = ?", Long.class, space);
        return held == null ? 0 : held;
    }

    private long privateInReadModel(String owner, String workspace) {
        Long held = workspace == null
                ? jdbc.queryForObject(
                        "SELECT count(*) FROM benchmark WHERE owner_id = ? AND workspace_id IS NULL AND visibility = 'PRIVATE'",
                        Long.class,
                        owner)
                : jdbc.queryForObject(
                        "SELECT count(*) FROM benchmark WHERE workspace_id = ? AND visibility = 'PRIVATE'",
                        Long.class,
                        workspace);
        return held == null ? 0 : held;
    }

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}

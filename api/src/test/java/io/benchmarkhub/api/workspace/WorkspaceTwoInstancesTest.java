package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application instances on one PostgreSQL: a member removed on one loses access on the other with their very next
 * request, two owners demoting each other on different nodes at once leave one owner, not none, and two runs of one
 * member racing on two nodes cannot both pass the member's monthly spend limit.
 */
class WorkspaceTwoInstancesTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();
    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startSecondInstance() {
        if (second != null) return;
        second = NODES.start(
                dataSource,
                ADMIN_TOKEN,
                List.of(
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + MAIL.getSmtp().getPort(),
                        // the same local provider as the first node, so runs started here call it too
                        "--benchmarkhub.providers.openrouter.base-url=" + PROVIDER.baseUrl(),
                        "--benchmarkhub.providers.openrouter.api-key=test-server-key",
                        "--benchmarkhub.limits.concurrent-runs=1000",
                        "--benchmarkhub.limits.trials-per-day=100000000"));
        secondPort = ExtraNodes.port(second);
    }

    @AfterAll
    static void stopSecondInstance() {
        NODES.close();
        second = null;
    }

    @Test
    void a_member_removed_on_one_node_loses_access_on_the_other_at_once() {
        String id = workspace(alice);
        String email = "two-" + UUID.randomUUID() + "@example.org";
        assertThat(send(
                                "POST",
                                "/api/workspaces/" + id + "/invitations",
                                alice,
                                "{\"email\": \"" + email + "\", \"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(201);
        // accepted on the second node
        assertThat(onSecond(
                                "POST",
                                "/api/invitations/" + WorkspacesTest.tokenIn(WorkspacesTest.awaitMail(email))
                                        + "/accept",
                                bob,
                                null)
                        .status())
                .isEqualTo(200);
        String benchmark = createBenchmark(alice, """
                {"title": "Two nodes", "visibility": "PRIVATE", "workspaceId": "%s", "promptTemplate": "{{input}}",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        assertThat(onSecond("GET", "/api/benchmarks/" + benchmark, bob, null).status())
                .isEqualTo(200);

        assertThat(send("DELETE", "/api/workspaces/" + id + "/members/" + bob.id(), alice, null)
                        .status())
                .isEqualTo(204);
        assertThat(onSecond("GET", "/api/benchmarks/" + benchmark, bob, null).status())
                .isEqualTo(404);
        assertThat(onSecond("GET", "/api/workspaces/" + id, bob, null).status()).isEqualTo(404);
        assertThat(onSecond("PATCH", "/api/benchmarks/" + benchmark, bob, "{\"title\": \"Mine now\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void two_owners_demoting_each_other_on_two_nodes_at_once_leave_one_owner() {
        for (int round = 0; round < 5; round++) {
            String id = workspace(alice);
            String email = "co-" + UUID.randomUUID() + "@example.org";
            send(
                    "POST",
                    "/api/workspaces/" + id + "/invitations",
                    alice,
                    "{\"email\": \"" + email + "\", \"role\": \"ADMIN\"}");
            send(
                    "POST",
                    "/api/invitations/" + WorkspacesTest.tokenIn(WorkspacesTest.awaitMail(email)) + "/accept",
                    bob,
                    null);
            assertThat(send("PATCH", "/api/workspaces/" + id + "/members/" + bob.id(), alice, "{\"role\": \"OWNER\"}")
                            .status())
                    .isEqualTo(200);

            var first = CompletableFuture.supplyAsync(() -> send(
                            "PATCH", "/api/workspaces/" + id + "/members/" + bob.id(), alice, "{\"role\": \"MEMBER\"}")
                    .status());
            var other = CompletableFuture.supplyAsync(() -> onSecond(
                            "PATCH", "/api/workspaces/" + id + "/members/" + alice.id(), bob, "{\"role\": \"MEMBER\"}")
                    .status());
            // the loser reads its role again under the workspace's lock: no longer an owner, it may not unmake one
            assertThat(List.of(first.join(), other.join()))
                    .as("round %d", round)
                    .containsExactlyInAnyOrder(200, 403);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM workspace_member WHERE workspace_id = ? AND role = 'OWNER'",
                            Long.class,
                            id))
                    .isEqualTo(1);
        }
    }

    @Test
    void two_runs_of_one_member_racing_on_two_nodes_cannot_both_pass_their_monthly_limit() {
        awaitCatalogue("openai/gpt-4o");
        for (int round = 0; round < 4; round++) {
            String id = workspace(alice);
            String email = "spend-" + UUID.randomUUID() + "@example.org";
            send(
                    "POST",
                    "/api/workspaces/" + id + "/invitations",
                    alice,
                    "{\"email\": \"" + email + "\", \"role\": \"MEMBER\"}");
            assertThat(send(
                                    "POST",
                                    "/api/invitations/" + WorkspacesTest.tokenIn(WorkspacesTest.awaitMail(email))
                                            + "/accept",
                                    bob,
                                    null)
                            .status())
                    .isEqualTo(200);
            assertThat(send(
                                    "POST",
                                    "/api/admin/credits/grants",
                                    ADMIN_TOKEN,
                                    "{\"accountId\": \"acct_" + id + "\", \"credits\": 1000, \"reason\": \"race\"}")
                            .status())
                    .isEqualTo(201);
            String benchmark = createBenchmark(bob, """
                    {"title": "Race", "visibility": "PRIVATE", "workspaceId": "%s",
                     "cases": [{"input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""".formatted(id));
            String run = """
                    {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark);
            // a limit of 0 answers what one run would hold
            assertThat(send(
                                    "PATCH",
                                    "/api/workspaces/" + id + "/members/" + bob.id(),
                                    alice,
                                    "{\"monthlySpendLimit\": 0}")
                            .status())
                    .isEqualTo(200);
            long needed =
                    send("POST", "/api/runs", bob, run).body().get("needed").asLong();
            // room for one run's reservation, not two; once charged (1 credit) one run still leaves less than another
            // needs
            assertThat(send(
                                    "PATCH",
                                    "/api/workspaces/" + id + "/members/" + bob.id(),
                                    alice,
                                    "{\"monthlySpendLimit\": " + needed + "}")
                            .status())
                    .isEqualTo(200);

            var first = CompletableFuture.supplyAsync(
                    () -> send("POST", "/api/runs", bob, run).status());
            var other = CompletableFuture.supplyAsync(
                    () -> onSecond("POST", "/api/runs", bob, run).status());
            assertThat(List.of(first.join(), other.join()))
                    .as("round %d", round)
                    .containsExactlyInAnyOrder(202, 402);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM workspace_spend WHERE workspace_id = ?", Long.class, id))
                    .as("one hold, the refused run's none")
                    .isEqualTo(1);
        }
    }

    private String workspace(Caller owner) {
        Response created = send(
                "POST", "/api/workspaces", owner, "{\"name\": \"Two\", \"slug\": \"" + WorkspacesTest.slug() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private Response onSecond(String method, String path, Caller caller, String body) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + secondPort + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) builder.setHeader("Content-Type", "application/json");
        return exchange(builder, caller.token());
    }
}

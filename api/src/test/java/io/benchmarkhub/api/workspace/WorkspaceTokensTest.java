package io.benchmarkhub.api.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Workspace tokens: service accounts with a role, issued and revoked by admins, over HTTP against the whole app. */
class WorkspaceTokensTest extends ApiTestBase {

    @Test
    void a_token_acts_with_its_role_in_its_workspace_until_it_is_revoked() {
        String id = workspace(alice);
        Response issued =
                send("POST", "/api/workspaces/" + id + "/tokens", alice, "{\"name\": \"CI\", \"role\": \"MEMBER\"}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        String secret = issued.body().get("token").asText();
        String tokenId = issued.body().get("id").asText();
        assertThat(issued.body().get("role").asText()).isEqualTo("MEMBER");

        // as a member: creates a private benchmark in the workspace, which the owner reads
        Response created = send("POST", "/api/benchmarks", secret, """
                {"title": "From CI", "visibility": "PRIVATE", "workspaceId": "%s", "promptTemplate": "{{input}}",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String benchmark = created.body().get("id").asText();
        assertThat(get("/api/benchmarks/" + benchmark, alice).status()).isEqualTo(200);
        assertThat(send("GET", "/api/workspaces/" + id, secret, null)
                        .body()
                        .get("role")
                        .asText())
                .isEqualTo("MEMBER");
        // but it manages nothing
        assertThat(send(
                                "POST",
                                "/api/workspaces/" + id + "/tokens",
                                secret,
                                "{\"name\": \"more\", \"role\": \"ADMIN\"}")
                        .status())
                .isEqualTo(403);

        var list = get("/api/workspaces/" + id + "/tokens", alice);
        assertThat(list.body().get("items").findValuesAsText("id")).containsExactly(tokenId);
        assertThat(list.text()).doesNotContain(secret);
        assertThat(payloads(id)).doesNotContain(secret).doesNotContain("\"CI\"");

        assertThat(send("DELETE", "/api/workspaces/" + id + "/tokens/" + tokenId, alice, null)
                        .status())
                .isEqualTo(204);
        assertThat(send("GET", "/api/benchmarks/" + benchmark, secret, null).status())
                .isEqualTo(401);
        assertThat(get("/api/workspaces/" + id + "/members", alice)
                        .body()
                        .get("items")
                        .findValuesAsText("userId"))
                .containsExactly(alice.id());
    }

    @Test
    void a_viewer_token_reads_but_does_not_write_and_only_admins_issue_tokens() {
        String id = workspace(alice);
        String benchmark = createBenchmark(alice, """
                {"title": "Team only", "visibility": "PRIVATE", "workspaceId": "%s", "promptTemplate": "{{input}}",
                 "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(id));
        String viewer = send(
                        "POST",
                        "/api/workspaces/" + id + "/tokens",
                        alice,
                        "{\"name\": \"dashboard\", \"role\": \"VIEWER\"}")
                .body()
                .get("token")
                .asText();
        assertThat(send("GET", "/api/benchmarks/" + benchmark, viewer, null).status())
                .isEqualTo(200);
        assertThat(send("PATCH", "/api/benchmarks/" + benchmark, viewer, "{\"title\": \"x\"}")
                        .status())
                .isEqualTo(403);

        Response bad = send(
                "POST",
                "/api/workspaces/" + id + "/tokens",
                alice,
                "{\"name\": \"\", \"role\": \"OWNER\", \"expiresAt\": \"2000-01-01T00:00:00Z\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").findValuesAsText("field")).containsExactly("name", "role", "expiresAt");
        assertThat(send("POST", "/api/workspaces/" + id + "/tokens", bob, "{\"name\": \"CI\", \"role\": \"MEMBER\"}")
                        .status())
                .isEqualTo(404);
        assertThat(get("/api/workspaces/" + id + "/tokens", bob).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/workspaces/" + id + "/tokens/tok_nope", alice, null)
                        .status())
                .isEqualTo(404);
    }

    private String workspace(Caller owner) {
        Response created = send(
                "POST",
                "/api/workspaces",
                owner,
                "{\"name\": \"Tokens\", \"slug\": \"tk-"
                        + UUID.randomUUID().toString().substring(0, 12) + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private String payloads(String aggregateId) {
        return String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        String.class,
                        aggregateId));
    }
}

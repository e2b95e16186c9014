package io.benchmarkhub.api.auth;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.signUpJson;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Admins list, search, re-role, disable and revoke users; people export and delete their own account (issue 13). */
class UserAdministrationTest extends ApiTestBase {

    Browser signedUp(String handle) {
        var browser = new Browser(mapper, () -> port);
        var response = browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return browser;
    }

    String idOf(Browser browser) {
        return browser.get("/api/auth/me").body().get("id").asText();
    }

    @Test
    void an_admin_finds_a_user_changes_the_role_and_the_audit_stream_says_who_did_it() {
        String handle = unique("rae");
        var browser = signedUp(handle);
        String id = idOf(browser);

        var found = send("GET", "/api/admin/users?q=" + handle.toUpperCase(), ADMIN_TOKEN, null);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("total").asLong()).isEqualTo(1);
        assertThat(found.body().get("items").get(0).get("email").asText()).isEqualTo(handle + "@example.org");
        assertThat(send("GET", "/api/admin/users", alice, null).status()).isEqualTo(403);
        assertThat(send("GET", "/api/admin/users?size=0", ADMIN_TOKEN, null)
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("size");

        var changed = send("PATCH", "/api/admin/users/" + id, ADMIN_TOKEN, "{\"role\": \"ANALYST\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("role").asText()).isEqualTo("ANALYST");
        // the session sees the new role at once
        assertThat(browser.get("/api/auth/me").body().get("role").asText()).isEqualTo("ANALYST");
        assertThat(browser.get("/api/kpis").status()).isNotIn(401, 403);

        var audit = send("GET", "/api/audit/events?aggregateId=" + id + "&type=UserRoleChanged", ADMIN_TOKEN, null);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.text()).contains("ANALYST").doesNotContain(handle + "@example.org");
        String adminId =
                send("GET", "/api/auth/me", ADMIN_TOKEN, null).body().get("id").asText();
        assertThat(audit.text()).contains(adminId);
        assertThat(send("PATCH", "/api/admin/users/" + id, ADMIN_TOKEN, "{\"role\": \"OWNER\"}")
                        .status())
                .isEqualTo(400);
        assertThat(send("PATCH", "/api/admin/users/usr_nobody", ADMIN_TOKEN, "{\"role\": \"USER\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_disabled_user_is_stopped_at_once_in_every_session_and_token_and_an_enabled_one_signs_in_again() {
        String handle = unique("sam");
        var browser = signedUp(handle);
        String id = idOf(browser);
        String token = browser.post("/api/tokens", "{\"name\": \"cli\"}")
                .body()
                .get("token")
                .asText();
        assertThat(send("GET", "/api/auth/me", token, null).status()).isEqualTo(200);

        assertThat(send("PATCH", "/api/admin/users/" + id, ADMIN_TOKEN, "{\"disabled\": true}")
                        .body()
                        .get("disabled")
                        .asBoolean())
                .isTrue();

        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(send("GET", "/api/auth/me", token, null).status()).isEqualTo(401);
        var login = new Browser(mapper, () -> port)
                .post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(401);

        assertThat(send("PATCH", "/api/admin/users/" + id, ADMIN_TOKEN, "{\"disabled\": false}")
                        .status())
                .isEqualTo(200);
        assertThat(send("GET", "/api/auth/me", token, null).status()).isEqualTo(200);
        assertThat(new Browser(mapper, () -> port)
                        .post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}")
                        .status())
                .isEqualTo(200);
        jdbc.update("DELETE FROM login_throttle WHERE throttle_key LIKE 'addr:%'");
    }

    @Test
    void revoking_a_user_ends_their_sessions_and_tokens() {
        var browser = signedUp(unique("tia"));
        String id = idOf(browser);
        String token = browser.post("/api/tokens", "{\"name\": \"cli\"}")
                .body()
                .get("token")
                .asText();
        var revoked = send("POST", "/api/admin/users/" + id + "/revoke", ADMIN_TOKEN, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("tokens").asInt()).isEqualTo(1);
        assertThat(revoked.body().get("sessions").asInt()).isEqualTo(1);
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(send("GET", "/api/auth/me", token, null).status()).isEqualTo(401);
    }

    @Test
    void an_admin_cancels_anyone_s_run() {
        String benchmark = createBenchmark(alice, "Cancel me", "PRIVATE");
        var run = send(
                "POST",
                "/api/runs",
                alice,
                "{\"benchmarkId\": \"" + benchmark + "\", \"models\": [\"sim/echo\"], \"repeats\": 10}");
        assertThat(run.status()).isEqualTo(202);
        String runId = run.body().get("id").asText();
        assertThat(send("POST", "/api/runs/" + runId + "/cancel", bob, null).status())
                .isEqualTo(404);
        var cancelled = send("POST", "/api/runs/" + runId + "/cancel", ADMIN_TOKEN, null);
        assertThat(cancelled.status()).isIn(200, 409);
    }

    @Test
    void an_account_without_a_password_is_deleted_only_when_it_types_its_handle() {
        Caller tokenOnly = createUser("tko");
        String handle = jdbc.queryForObject("SELECT handle FROM app_user WHERE id = ?", String.class, tokenOnly.id());

        for (String body :
                new String[] {null, "{}", "{\"password\": \"anything at all\"}", "{\"handle\": \"someone-else\"}"}) {
            var refused = send("DELETE", "/api/account", tokenOnly, body);
            assertThat(refused.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("handle");
        }
        assertThat(get("/api/auth/me", tokenOnly).status()).isEqualTo(200);

        assertThat(send("DELETE", "/api/account", tokenOnly, "{\"handle\": \"" + handle + "\"}")
                        .status())
                .isEqualTo(204);
        assertThat(get("/api/auth/me", tokenOnly).status()).isEqualTo(401);
    }

    @Test
    void a_person_exports_their_data_then_deletes_the_account_and_their_public_benchmark_stays() {
        String handle = unique("uma");
        var browser = signedUp(handle);
        String id = idOf(browser);
        var created = browser.post("/api/benchmarks", """
                {"title": "Stays public", "description": "d", "tags": [], "category": "qa", "visibility": "PUBLIC",
                 "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""");
        assertThat(created.status()).isEqualTo(201);
        String benchmark = created.body().get("id").asText();
        eventually(
                () -> jdbc.queryForObject("SELECT count(*) FROM benchmark WHERE id = ?", Long.class, benchmark) == 1,
                "the benchmark is read");

        var export = browser.get("/api/account/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().at("/account/handle").asText()).isEqualTo(handle);
        assertThat(export.body().get("benchmarks").get(0).get("id").asText()).isEqualTo(benchmark);
        assertThat(export.body().get("benchmarks").get(0).get("cases")).hasSize(1);
        assertThat(export.text()).doesNotContain("argon2");

        var unconfirmed = browser.send("DELETE", "/api/account", "{\"password\": \"not it at all\"}");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(browser.send("DELETE", "/api/account", "{\"password\": \"" + PASSWORD + "\"}")
                        .status())
                .isEqualTo(204);

        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        var row = jdbc.queryForMap(
                "SELECT email, password_hash, display_name, handle, deleted_at FROM app_user WHERE id = ?", id);
        assertThat(row.get("email")).isNull();
        assertThat(row.get("password_hash")).isNull();
        assertThat(row.get("display_name")).isEqualTo("Deleted user");
        assertThat(row.get("handle").toString()).startsWith("deleted-").doesNotContain(handle);
        assertThat(row.get("deleted_at")).isNotNull();
        // events keep only the id
        for (byte[] payload : jdbc.queryForList(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, id)) {
            assertThat(new String(payload, StandardCharsets.UTF_8)).doesNotContain(handle + "@example.org");
        }
        // the public benchmark stays readable, owned by the deleted user's id
        var stays = get("/api/benchmarks/" + benchmark, null);
        assertThat(stays.status()).isEqualTo(200);
        assertThat(stays.body().get("ownerId").asText()).isEqualTo(id);
        // the handle and email are free again
        assertThat(new Browser(mapper, () -> port)
                        .post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
    }
}

package io.benchmarkhub.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Personal API tokens: a name, an optional expiry, the last use; the secret is shown once (issue 13). */
class BearerTokensTest extends ApiTestBase {

    @Test
    void a_token_has_a_name_an_expiry_and_a_last_use_and_its_secret_is_shown_only_once() {
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var created = send("POST", "/api/tokens", alice, "{\"name\": \"ci\", \"expiresAt\": \"" + expiry + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        String id = created.body().get("id").asText();
        String secret = created.body().get("token").asText();
        assertThat(secret).startsWith("bh_");
        assertThat(Instant.parse(created.body().get("expiresAt").asText())).isEqualTo(expiry);

        var listed = get("/api/tokens", alice);
        assertThat(listed.text()).doesNotContain(secret).doesNotContain("\"token\"");
        var entry = listed.body().findParents("id").stream()
                .filter(n -> n.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("name").asText()).isEqualTo("ci");
        assertThat(entry.get("lastUsedAt").isNull()).isTrue();

        assertThat(send("GET", "/api/auth/me", secret, null)
                        .body()
                        .get("authenticatedBy")
                        .asText())
                .isEqualTo("token");
        var used = get("/api/tokens", alice).body().findParents("id").stream()
                .filter(n -> n.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(used.get("lastUsedAt").isNull()).isFalse();
        // the issue is an event with the token's id, never its secret
        String events = new String(String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?",
                        String.class,
                        alice.id())));
        assertThat(events).contains(id).doesNotContain(secret);
    }

    @Test
    void an_expired_token_and_a_revoked_one_get_401_and_bad_expiries_are_refused() {
        var created = send(
                "POST",
                "/api/tokens",
                alice,
                "{\"name\": \"short-lived\", \"expiresAt\": \"" + Instant.now().plusSeconds(3600) + "\"}");
        String secret = created.body().get("token").asText();
        assertThat(send("GET", "/api/auth/me", secret, null).status()).isEqualTo(200);
        // its expiry passes (moved rather than waited for)
        jdbc.update(
                "UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ?",
                created.body().get("id").asText());
        var expired = send("GET", "/api/auth/me", secret, null);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("Content-Type")).startsWith("application/problem+json");

        var past = send("POST", "/api/tokens", alice, "{\"name\": \"x\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body().get("errors").get(0).get("field").asText()).isEqualTo("expiresAt");
        var garbage = send("POST", "/api/tokens", alice, "{\"name\": \"x\", \"expiresAt\": \"tomorrow\"}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.text()).contains("expiresAt");

        var other = send("POST", "/api/tokens", alice, "{\"name\": \"revoke me\"}");
        String otherId = other.body().get("id").asText();
        assertThat(other.body().get("expiresAt").isNull()).isTrue();
        assertThat(send("DELETE", "/api/tokens/" + otherId, bob, null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/tokens/" + otherId, alice, null).status())
                .isEqualTo(204);
        assertThat(send("GET", "/api/auth/me", other.body().get("token").asText(), null)
                        .status())
                .isEqualTo(401);
        var again = send("DELETE", "/api/tokens/" + otherId, alice, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void a_signed_in_browser_makes_a_token_that_a_script_then_uses_without_cookies() {
        var browser = new Browser(mapper, () -> port);
        String handle = SignUpAndSessionsTest.unique("jo");
        assertThat(browser.post(
                                "/api/auth/signup",
                                SignUpAndSessionsTest.signUpJson(
                                        handle, handle + "@example.org", SignUpAndSessionsTest.PASSWORD))
                        .status())
                .isEqualTo(201);
        var created = browser.post("/api/tokens", "{\"name\": \"laptop cli\"}");
        assertThat(created.status()).isEqualTo(201);
        var me = send("GET", "/api/auth/me", created.body().get("token").asText(), null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("handle").asText()).isEqualTo(handle);
        assertThat(me.raw().headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void a_second_use_within_a_minute_writes_nothing_and_one_after_it_moves_the_last_use() {
        var created = send("POST", "/api/tokens", alice, "{\"name\": \"busy script\"}");
        String id = created.body().get("id").asText();
        String secret = created.body().get("token").asText();
        assertThat(send("GET", "/api/auth/me", secret, null).status()).isEqualTo(200);
        var first = row(id);
        assertThat(first.get("last_used_at")).isNotNull();

        // xmin changes with any write to the row, so an unchanged one shows that the second use wrote nothing
        assertThat(send("GET", "/api/auth/me", secret, null).status()).isEqualTo(200);
        assertThat(row(id)).isEqualTo(first);

        // the last mark becomes two minutes old (moved rather than waited for): the next use writes now()
        jdbc.update("UPDATE api_token SET last_used_at = now() - interval '2 minutes' WHERE id = ?", id);
        var stale = row(id);
        assertThat(send("GET", "/api/auth/me", secret, null).status()).isEqualTo(200);
        var after = row(id);
        assertThat(after.get("xmin")).isNotEqualTo(stale.get("xmin"));
        assertThat(((java.sql.Timestamp) after.get("last_used_at")))
                .isAfter((java.sql.Timestamp) stale.get("last_used_at"));
        var listed = get("/api/tokens", alice).body().findParents("id").stream()
                .filter(n -> n.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(Instant.parse(listed.get("lastUsedAt").asText()))
                .isEqualTo(((java.sql.Timestamp) after.get("last_used_at")).toInstant());
    }

    private java.util.Map<String, Object> row(String tokenId) {
        return jdbc.queryForMap("SELECT xmin::text AS xmin, last_used_at FROM api_token WHERE id = ?", tokenId);
    }
}

package io.benchmarkhub.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Sign-up, sign-in and sign-out over HTTP, as a browser does it: session cookie plus CSRF double-submit (issue 13). */
@ExtendWith(OutputCaptureExtension.class)
class SignUpAndSessionsTest extends ApiTestBase {

    static final String PASSWORD = "correct horse battery staple 42";

    Browser browser() {
        return new Browser(mapper, () -> port);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String signUpJson(String handle, String email, String password) {
        return """
                {"email": "%s", "handle": "%s", "displayName": "Carol Example", "password": "%s"}""".formatted(email, handle, password);
    }

    @Test
    void a_person_signs_up_and_the_session_cookie_is_httponly_samesite_lax_and_not_secure_over_plain_http(
            CapturedOutput output) {
        var browser = browser();
        String handle = unique("carol");
        String email = handle + "@Example.org";

        var signedUp = browser.post("/api/auth/signup", signUpJson(handle, email, PASSWORD));

        assertThat(signedUp.status()).as(signedUp.text()).isEqualTo(201);
        assertThat(signedUp.body().get("handle").asText()).isEqualTo(handle);
        assertThat(signedUp.body().get("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(signedUp.body().get("emailVerified").asBoolean()).isFalse();
        assertThat(signedUp.body().get("role").asText()).isEqualTo("USER");
        String cookie = signedUp.setCookie("SESSION");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        assertThat(browser.get("/api/auth/csrf").setCookie("XSRF-TOKEN") == null || true)
                .isTrue();

        var me = browser.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("id").asText())
                .isEqualTo(signedUp.body().get("id").asText());
        assertThat(me.body().get("authenticatedBy").asText()).isEqualTo("session");
        assertThat(me.body().has("passwordHash")).isFalse();

        // the session is a real caller: it creates a benchmark through the CSRF-protected API
        var created = browser.post("/api/benchmarks", """
                {"title": "Made in a browser", "description": "d", "tags": [], "category": "qa", "visibility": "PRIVATE",
                 "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        // the sign-up is an event carrying ids only
        String userId = signedUp.body().get("id").asText();
        var payloads = jdbc.queryForList(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?", byte[].class, userId);
        assertThat(payloads).hasSize(1);
        String payload = new String(payloads.getFirst(), StandardCharsets.UTF_8);
        assertThat(payload)
                .contains(userId)
                .doesNotContainIgnoringCase(email)
                .doesNotContain(PASSWORD)
                .doesNotContain(handle);
        assertThat(jdbc.queryForObject(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?",
                        String.class,
                        userId))
                .endsWith("UserSignedUp");
        // and the password is stored as an Argon2id hash only
        assertThat(jdbc.queryForObject("SELECT password_hash FROM app_user WHERE id = ?", String.class, userId))
                .startsWith("{argon2}$argon2id$");
        assertThat(MailFlowsTest.appLog(output)).doesNotContain(PASSWORD).doesNotContainIgnoringCase(email);
    }

    @Test
    void browser_writes_without_the_csrf_header_are_refused_with_a_403_problem_and_bearer_writes_need_none() {
        var browser = browser();
        String handle = unique("dave");
        browser.sendCsrfHeader = false;
        var refused = browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asText()).contains("CSRF");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM app_user WHERE handle = ?", Long.class, handle))
                .isZero();

        browser.sendCsrfHeader = true;
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);

        // a signed-in browser: a write without the header, or with a wrong one, is refused; with it, it passes
        browser.sendCsrfHeader = false;
        assertThat(browser.post("/api/tokens", "{\"name\": \"ci\"}").status()).isEqualTo(403);
        assertThat(browser.send("POST", "/api/tokens", "{\"name\": \"ci\"}", "X-XSRF-TOKEN", "forged")
                        .status())
                .isEqualTo(403);
        browser.sendCsrfHeader = true;
        assertThat(browser.post("/api/tokens", "{\"name\": \"ci\"}").status()).isEqualTo(201);

        // a bearer client sends no cookie and no CSRF header, as before
        assertThat(send("POST", "/api/tokens", alice, "{\"name\": \"script\"}").status())
                .isEqualTo(201);
        // and an anonymous write without any cookie is simply unauthenticated
        assertThat(send("POST", "/api/tokens", (String) null, "{\"name\": \"x\"}")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void sign_in_by_email_or_handle_gives_a_new_session_id_and_sign_out_ends_it() {
        var browser = browser();
        String handle = unique("erin");
        String email = handle + "@example.org";
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, email, PASSWORD))
                        .status())
                .isEqualTo(201);
        String afterSignUp = browser.cookie("SESSION");

        var byEmail = browser.post(
                "/api/auth/login", "{\"login\": \"" + email.toUpperCase() + "\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(byEmail.status()).as(byEmail.text()).isEqualTo(200);
        assertThat(byEmail.body().get("handle").asText()).isEqualTo(handle);
        String afterLogin = browser.cookie("SESSION");
        assertThat(afterLogin).isNotEqualTo(afterSignUp);
        // the session id known before the sign-in (a planted one) is worth nothing now
        var planted = browser();
        planted.cookies.put("SESSION", afterSignUp);
        assertThat(planted.get("/api/auth/me").status()).isEqualTo(401);

        var other = browser();
        var byHandle =
                other.post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(byHandle.status()).isEqualTo(200);
        assertThat(other.get("/api/auth/me").status()).isEqualTo(200);

        assertThat(browser.post("/api/auth/logout", null).status()).isEqualTo(204);
        var stale = browser();
        stale.cookies.put("SESSION", afterLogin);
        assertThat(stale.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(other.get("/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void sign_out_everywhere_ends_every_session_of_the_user() {
        String handle = unique("fay");
        var first = browser();
        assertThat(first.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        var second = browser();
        assertThat(second.post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}")
                        .status())
                .isEqualTo(200);

        var ended = second.post("/api/auth/logout-everywhere", null);
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().get("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(first.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(second.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void a_wrong_password_and_an_unknown_account_get_the_same_answer() {
        var browser = browser();
        String handle = unique("gil");
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        var anon = browser();
        var wrong = anon.post(
                "/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"not the password at all\"}");
        var unknown = anon.post(
                "/api/auth/login",
                "{\"login\": \"" + unique("nobody") + "\", \"password\": \"not the password at all\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body().get("detail")).isEqualTo(unknown.body().get("detail"));
        assertThat(wrong.text()).doesNotContain("not the password at all");
        assertThat(anon.get("/api/auth/me").status()).isEqualTo(401);

        var missing = anon.post("/api/auth/login", "{\"login\": \"\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("login", "password");
    }

    @Test
    void passwords_follow_nist_rules_and_a_refused_sign_up_writes_nothing() {
        var browser = browser();
        String handle = unique("hal");
        String email = handle + "@example.org";
        assertRefused(browser, signUpJson(handle, email, "short pass1"), "password", "at least 12");
        assertRefused(browser, signUpJson(handle, email, "password1234"), "password", "too common");
        assertRefused(browser, signUpJson(handle, email, "Qwertyuiop123"), "password", "too common");
        assertRefused(browser, signUpJson(handle, email, "my name is " + handle + "!"), "password", "handle");
        assertRefused(browser, signUpJson(handle, "not-an-email", PASSWORD), "email", "not an email");
        assertRefused(browser, signUpJson("Bad Handle", email, PASSWORD), "handle", "lowercase");
        assertRefused(
                browser,
                "{\"email\": \"" + email + "\", \"handle\": \"" + handle + "\", \"password\": \"" + PASSWORD
                        + "\", \"admin\": true}",
                "admin",
                null);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM app_user WHERE handle = ? OR email = ?", Long.class, handle, email))
                .isZero();
        // long passphrases of any characters are welcome, with no composition rules
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, email, "ünïcödé pässphrase without digits"))
                        .status())
                .isEqualTo(201);

        var again = browser();
        assertRefused(again, signUpJson(handle, unique("x") + "@example.org", PASSWORD), "handle", "taken");
        assertRefused(again, signUpJson(unique("y"), email.toUpperCase(), PASSWORD), "email", "taken");
    }

    private void assertRefused(Browser browser, String body, String field, String message) {
        var response = browser.post("/api/auth/signup", body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.text()).contains("\"" + field + "\"");
        if (message != null) assertThat(response.text()).contains(message);
        assertThat(response.text()).doesNotContain(PASSWORD);
    }

    @Test
    void fifty_wrong_passwords_are_throttled_and_the_right_one_still_works_afterwards() {
        var browser = browser();
        String handle = unique("ivy");
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        var attacker = browser();
        int refused = 0, throttled = 0;
        String retryAfter = null;
        try {
            for (int i = 0; i < 50; i++) {
                var response = attacker.post(
                        "/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"guess number " + i + "\"}");
                if (response.status() == 429) {
                    throttled++;
                    retryAfter = response.header("Retry-After");
                    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                } else {
                    assertThat(response.status()).isEqualTo(401);
                    refused++;
                }
            }
            assertThat(refused).as("failures before the back-off blocks").isBetween(6, 12);
            assertThat(throttled).isEqualTo(50 - refused);
            assertThat(Long.parseLong(retryAfter)).isPositive();
            // while blocked (the block stretched to an hour rather than raced against), even the right password is held
            // back...
            jdbc.update(
                    "UPDATE login_throttle SET blocked_until = now() + interval '1 hour' WHERE throttle_key = ?",
                    "acct:" + UserAccounts.hash(handle));
            assertThat(attacker.post(
                                    "/api/auth/login",
                                    "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}")
                            .status())
                    .isEqualTo(429);
            // ...and once the block has run out (its end moved to the past rather than waited for), it works
            jdbc.update(
                    "UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE blocked_until IS NOT NULL");
            var ok = attacker.post(
                    "/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}");
            assertThat(ok.status()).isEqualTo(200);
            // a success clears the account's count
            assertThat(attacker.post(
                                    "/api/auth/login",
                                    "{\"login\": \"" + handle + "\", \"password\": \"wrong again, once\"}")
                            .status())
                    .isEqualTo(401);
        } finally {
            // the tests share one client address; do not leave it counted against the other tests
            jdbc.update("DELETE FROM login_throttle WHERE throttle_key LIKE 'addr:%'");
        }
    }
}

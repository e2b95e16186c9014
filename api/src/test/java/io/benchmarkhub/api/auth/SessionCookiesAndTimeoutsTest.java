package io.benchmarkhub.api.auth;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.signUpJson;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The session cookie is Secure behind an HTTPS proxy, and a session ends at its absolute timeout however active. */
class SessionCookiesAndTimeoutsTest extends ApiTestBase {

    @Test
    void behind_a_proxy_that_speaks_https_the_cookies_are_secure() {
        var browser = new Browser(mapper, () -> port);
        String handle = unique("yan");
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        // the proxy (on the loopback, so trusted) says the client came over HTTPS
        var login = browser.send(
                "POST",
                "/api/auth/login",
                "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}",
                "X-Forwarded-Proto",
                "https");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.setCookie("SESSION"))
                .contains("Secure")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
    }

    @Test
    void a_session_older_than_the_absolute_timeout_ends_even_if_it_was_just_used() throws IOException {
        var browser = new Browser(mapper, () -> port);
        String handle = unique("zed");
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(200);

        // its sign-in moves 8 days into the past (the default absolute timeout is 7 days) rather than being waited for
        String sessionId = new String(Base64.getDecoder().decode(browser.cookie("SESSION")), StandardCharsets.UTF_8);
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(System.currentTimeMillis() - Duration.ofDays(8).toMillis());
        }
        int updated = jdbc.update("""
                UPDATE spring_session_attributes SET attribute_bytes = ?
                 WHERE attribute_name = ? AND session_primary_id = (SELECT primary_id FROM spring_session WHERE session_id = ?)""", bytes.toByteArray(), SessionUserFilter.SIGNED_IN_AT, sessionId);
        assertThat(updated).isEqualTo(1);

        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM spring_session WHERE session_id = ?", Long.class, sessionId))
                .isZero();
    }
}

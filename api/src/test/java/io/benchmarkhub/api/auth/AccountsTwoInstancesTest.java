package io.benchmarkhub.api.auth;

import com.zaxxer.hikari.HikariDataSource;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.BenchmarkHubApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.util.UUID;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.signUpJson;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one PostgreSQL: a session made on one is served by the other, and what ends a session
 * on one ends it on both. The second instance signs up by invitation only, so it also shows the INVITE mode.
 */
class AccountsTwoInstancesTest extends ApiTestBase {

    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startSecondInstance() throws Exception {
        if (second != null) return;
        String url = ((HikariDataSource) dataSource).getJdbcUrl();
        second = new SpringApplicationBuilder(BenchmarkHubApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--benchmarkhub.data-dir=" + Files.createTempDirectory("benchmarkhub-second-"),
                "--spring.application.name=second-instance",
                "--benchmarkhub.accounts.sign-up=invite",
                "--benchmarkhub.quartz-scheduler-name=second-" + UUID.randomUUID());
        secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) second.close();
        second = null;
    }

    @Test
    void a_session_made_on_one_instance_is_served_by_the_other_and_a_sign_out_there_ends_it_here() {
        var onFirst = new Browser(mapper, () -> port);
        String handle = unique("kim");
        var signedUp = onFirst.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD));
        assertThat(signedUp.status()).isEqualTo(201);

        var onSecond = onFirst.on(() -> secondPort);
        var me = onSecond.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("id").asText()).isEqualTo(signedUp.body().get("id").asText());
        // a CSRF-protected write on the other node with the same cookies
        assertThat(onSecond.post("/api/tokens", "{\"name\": \"from node 2\"}").status()).isEqualTo(201);

        assertThat(onSecond.post("/api/auth/logout", null).status()).isEqualTo(204);
        var stale = new Browser(mapper, () -> port);
        stale.cookies.putAll(onFirst.cookies);
        assertThat(stale.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void on_an_invite_only_instance_sign_up_needs_an_unused_invitation() {
        var browser = new Browser(mapper, () -> secondPort);
        String handle = unique("lee");
        var without = browser.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD));
        assertThat(without.status()).isEqualTo(400);
        assertThat(without.text()).contains("inviteToken");

        var invitation = send("POST", "/api/admin/invitations", ADMIN_TOKEN, null);
        assertThat(invitation.status()).isEqualTo(201);
        String token = invitation.body().get("token").asText();
        String body = "{\"email\": \"%s@example.org\", \"handle\": \"%s\", \"password\": \"%s\", \"inviteToken\": \"%s\"}";
        var invited = browser.post("/api/auth/signup", body.formatted(handle, handle, PASSWORD, token));
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);

        String other = unique("lee");
        var reused = new Browser(mapper, () -> secondPort).post("/api/auth/signup", body.formatted(other, other, PASSWORD, token));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body().get("errors").get(0).get("field").asText()).isEqualTo("inviteToken");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM app_user WHERE handle = ?", Long.class, other)).isZero();
        assertThat(send("POST", "/api/admin/invitations", alice, null).status()).isEqualTo(403);
    }
}

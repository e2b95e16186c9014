package io.benchmarkhub.api.auth;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.signUpJson;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application instances on one PostgreSQL: a session made on one is served by the other, and what ends a session
 * on one ends it on both. The second instance signs up by invitation only, so it also shows the INVITE mode.
 */
class AccountsTwoInstancesTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();
    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startSecondInstance() {
        if (second != null) return;
        second = NODES.start(dataSource, ADMIN_TOKEN, List.of("--benchmarkhub.accounts.sign-up=invite"));
        secondPort = ExtraNodes.port(second);
    }

    @AfterAll
    static void stopSecondInstance() {
        NODES.close();
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
        assertThat(me.body().get("id").asText())
                .isEqualTo(signedUp.body().get("id").asText());
        // a CSRF-protected write on the other node with the same cookies
        assertThat(onSecond.post("/api/tokens", "{\"name\": \"from node 2\"}").status())
                .isEqualTo(201);

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
        String body =
                "{\"email\": \"%s@example.org\", \"handle\": \"%s\", \"password\": \"%s\", \"inviteToken\": \"%s\"}";
        var invited = browser.post("/api/auth/signup", body.formatted(handle, handle, PASSWORD, token));
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);

        String other = unique("lee");
        var reused = new Browser(mapper, () -> secondPort)
                .post("/api/auth/signup", body.formatted(other, other, PASSWORD, token));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body().get("errors").get(0).get("field").asText()).isEqualTo("inviteToken");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM app_user WHERE handle = ?", Long.class, other))
                .isZero();
        assertThat(send("POST", "/api/admin/invitations", alice, null).status()).isEqualTo(403);
    }

    @Test
    void disabling_a_user_on_one_instance_stops_their_session_and_token_on_the_other() {
        var onFirst = new Browser(mapper, () -> port);
        String handle = unique("max");
        String id = onFirst.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                .body()
                .get("id")
                .asText();
        String token = onFirst.post("/api/tokens", "{\"name\": \"cli\"}")
                .body()
                .get("token")
                .asText();
        assertThat(onFirst.get("/api/auth/me").status()).isEqualTo(200);

        var onSecond = onFirst.on(() -> secondPort);
        int first = port;
        port = secondPort;
        try {
            assertThat(send("PATCH", "/api/admin/users/" + id, ADMIN_TOKEN, "{\"disabled\": true}")
                            .status())
                    .isEqualTo(200);
        } finally {
            port = first;
        }
        assertThat(onFirst.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(onSecond.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(send("GET", "/api/auth/me", token, null).status()).isEqualTo(401);
    }

    @Test
    void failed_sign_ins_on_one_instance_count_on_the_other() {
        String handle = unique("ned");
        assertThat(new Browser(mapper, () -> port)
                        .post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        String wrong = "{\"login\": \"" + handle + "\", \"password\": \"wrong wrong wrong\"}";
        try {
            var onFirst = new Browser(mapper, () -> port);
            var onSecond = new Browser(mapper, () -> secondPort);
            for (int i = 0; i < 3; i++)
                assertThat(onFirst.post("/api/auth/login", wrong).status()).isEqualTo(401);
            for (int i = 0; i < 3; i++)
                assertThat(onSecond.post("/api/auth/login", wrong).status()).isEqualTo(401);
            String key = "acct:" + UserAccounts.hash(handle);
            assertThat(jdbc.queryForObject(
                            "SELECT failures FROM login_throttle WHERE throttle_key = ?", Integer.class, key))
                    .isEqualTo(6);
            assertThat(jdbc.queryForObject(
                            "SELECT blocked_until > now() - interval '1 minute' FROM login_throttle WHERE throttle_key = ?",
                            Boolean.class,
                            key))
                    .isTrue();
            // the block the sixth failure set (1 s) is stretched to an hour rather than raced against, then both nodes
            // refuse
            jdbc.update(
                    "UPDATE login_throttle SET blocked_until = now() + interval '1 hour' WHERE throttle_key = ?", key);
            for (var node : new Browser[] {onFirst, onSecond}) {
                var blocked = node.post(
                        "/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}");
                assertThat(blocked.status()).isEqualTo(429);
                assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(3000L, 3601L);
            }
        } finally {
            jdbc.update("DELETE FROM login_throttle WHERE throttle_key LIKE 'addr:%'");
        }
    }
}

package io.benchmarkhub.api.auth;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The first start's setup link (issue 14): its page posts the token with the admin's email and password, and the
 * admin is signed in. It works once, only for a password-less admin, and a refused attempt leaves the link usable.
 */
class SetupLinkTest extends ApiTestBase {

    @Autowired
    UserAccounts accounts;

    @Autowired
    OneTimeTokens tokens;

    private static String setup(String token, String email, String password) {
        return "{\"token\": \"%s\", \"email\": \"%s\", \"password\": \"%s\"}".formatted(token, email, password);
    }

    @Test
    void the_setup_link_sets_the_admins_email_and_password_once_and_signs_the_admin_in() {
        var admin =
                accounts.createUser(unique("root"), "Administrator", Role.ADMIN).orElseThrow();
        String link = tokens.issue(OneTimeTokens.Purpose.RESET_PASSWORD, admin.id(), BootstrapAdmin.SETUP_LINK_VALIDITY)
                .token();
        String email = admin.handle() + "@example.org";
        var browser = new Browser(mapper, () -> port);

        var weak = browser.post("/api/auth/setup", setup(link, email, "password1234"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().get("errors").get(0).get("field").asText()).isEqualTo("password");
        var noEmail = browser.post("/api/auth/setup", setup(link, "not-an-email", PASSWORD));
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.body().get("errors").get(0).get("field").asText()).isEqualTo("email");
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);

        // the refusals used nothing up: the link still works
        var done = browser.post("/api/auth/setup", setup(link, email, PASSWORD));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        var me = browser.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("id").asText()).isEqualTo(admin.id().value());
        assertThat(me.body().get("role").asText()).isEqualTo("ADMIN");
        assertThat(me.body().get("email").asText()).isEqualTo(email);
        assertThat(me.body().get("hasPassword").asBoolean()).isTrue();
        assertThat(MailFlowsTest.awaitMail(email, "Verify your email")).contains("/verify-email?token=");

        // the admin signs in with the password now; the link is spent
        assertThat(new Browser(mapper, () -> port)
                        .post(
                                "/api/auth/login",
                                "{\"login\": \"%s\", \"password\": \"%s\"}".formatted(admin.handle(), PASSWORD))
                        .status())
                .isEqualTo(200);
        var again = new Browser(mapper, () -> port).post("/api/auth/setup", setup(link, "other-" + email, PASSWORD));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("errors").get(0).get("field").asText()).isEqualTo("token");
    }

    @Test
    void a_reset_token_of_a_user_or_of_an_admin_with_a_password_is_no_setup_link() {
        var user = accounts.createUser(unique("usr"), "User", Role.USER).orElseThrow();
        String token = tokens.issue(OneTimeTokens.Purpose.RESET_PASSWORD, user.id(), BootstrapAdmin.SETUP_LINK_VALIDITY)
                .token();
        var refused = new Browser(mapper, () -> port)
                .post("/api/auth/setup", setup(token, user.handle() + "@example.org", PASSWORD));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("token");
        assertThat(accounts.findUser(user.id()).orElseThrow().hasPassword()).isFalse();
        assertThat(new Browser(mapper, () -> port)
                        .post("/api/auth/setup", setup("nonsense", "a@example.org", PASSWORD))
                        .status())
                .isEqualTo(400);
    }
}

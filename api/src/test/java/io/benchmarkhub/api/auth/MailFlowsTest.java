package io.benchmarkhub.api.auth;

import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.PASSWORD;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.signUpJson;
import static io.benchmarkhub.api.auth.SignUpAndSessionsTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.mail.OutboxMailSender;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Email verification, password reset and password change, with the mail going through the outbox to a real SMTP
 * server (GreenMail) and the tests following the links in the mail they receive (issue 13).
 */
@ExtendWith(OutputCaptureExtension.class)
class MailFlowsTest extends ApiTestBase {

    private static final Pattern TOKEN = Pattern.compile("\\?token=([A-Za-z0-9_-]+)");
    static final String NEW_PASSWORD = "a brand new passphrase 2026";

    @Autowired
    JavaMailSenderImpl mailSender;

    @Autowired
    OutboxMailSender outbox;

    Browser browser() {
        return new Browser(mapper, () -> port);
    }

    /** The body of the mail to {@code address} whose subject contains {@code subject}, once the SMTP server has it. */
    static String awaitMail(String address, String subject) {
        var body = new AtomicReference<String>();
        eventually(
                () -> {
                    for (MimeMessage message : MAIL.getReceivedMessages()) {
                        try {
                            boolean to = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                    .anyMatch(a -> a.toString().equalsIgnoreCase(address));
                            if (to && message.getSubject().contains(subject)) {
                                body.set(message.getContent().toString());
                                return true;
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return false;
                },
                "a mail '" + subject + "' reaches " + address);
        return body.get();
    }

    /** What the app logged: the captured output less the test SMTP server's own lines (it logs each address it sees). */
    static String appLog(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(line -> !line.contains("c.icegreen.greenmail"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    static String token(String mail, String path) {
        assertThat(mail).contains("http://localhost:8080" + path + "?token=");
        var matcher = TOKEN.matcher(mail);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    @Test
    void a_person_signs_up_follows_the_verification_link_and_the_link_works_once(CapturedOutput output) {
        var browser = browser();
        String handle = unique("mia");
        String email = handle + "@example.org";
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, email, PASSWORD))
                        .status())
                .isEqualTo(201);
        assertThat(browser.get("/api/auth/me").body().get("emailVerified").asBoolean())
                .isFalse();

        String token = token(awaitMail(email, "Verify your email"), "/verify-email");
        var verified = new Browser(mapper, () -> port).post("/api/auth/verify-email", "{\"token\": \"" + token + "\"}");
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        assertThat(browser.get("/api/auth/me").body().get("emailVerified").asBoolean())
                .isTrue();

        var again = browser.post("/api/auth/verify-email", "{\"token\": \"" + token + "\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("errors").get(0).get("field").asText()).isEqualTo("token");
        assertThat(again.text()).doesNotContain(token);
        assertThat(appLog(output)).doesNotContain(token).doesNotContain(email);
    }

    @Test
    void a_password_reset_mail_sets_a_new_password_and_ends_every_session(CapturedOutput output) {
        var browser = browser();
        String handle = unique("ned");
        String email = handle + "@example.org";
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, email, PASSWORD))
                        .status())
                .isEqualTo(201);

        var anon = browser();
        // the answer does not say whether the address has an account
        assertThat(anon.post("/api/auth/password-reset", "{\"email\": \"" + unique("nobody") + "@example.org\"}")
                        .status())
                .isEqualTo(202);
        assertThat(anon.post("/api/auth/password-reset", "{\"email\": \"" + email.toUpperCase() + "\"}")
                        .status())
                .isEqualTo(202);
        assertThat(anon.post("/api/auth/password-reset", "{\"email\": \"nope\"}")
                        .status())
                .isEqualTo(400);
        String token = token(awaitMail(email, "Reset your"), "/reset-password");

        // a weak new password is refused, and the link still works afterwards
        var weak = anon.post(
                "/api/auth/password-reset/confirm", "{\"token\": \"" + token + "\", \"password\": \"password1234\"}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().get("errors").get(0).get("field").asText()).isEqualTo("password");
        var reset = anon.post(
                "/api/auth/password-reset/confirm",
                "{\"token\": \"" + token + "\", \"password\": \"" + NEW_PASSWORD + "\"}");
        assertThat(reset.status()).as(reset.text()).isEqualTo(204);

        assertThat(browser.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(anon.post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}")
                        .status())
                .isEqualTo(401);
        var login =
                anon.post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + NEW_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().get("emailVerified").asBoolean()).isTrue();
        assertThat(anon.post(
                                "/api/auth/password-reset/confirm",
                                "{\"token\": \"" + token + "\", \"password\": \"yet another passphrase\"}")
                        .status())
                .isEqualTo(400);
        assertThat(appLog(output))
                .doesNotContain(token)
                .doesNotContain(NEW_PASSWORD)
                .doesNotContain(email);
        jdbc.update("DELETE FROM login_throttle WHERE throttle_key LIKE 'addr:%'");
    }

    @Test
    void an_expired_reset_link_is_a_400_problem() {
        var browser = browser();
        String handle = unique("ola");
        String email = handle + "@example.org";
        assertThat(browser.post("/api/auth/signup", signUpJson(handle, email, PASSWORD))
                        .status())
                .isEqualTo(201);
        assertThat(browser.post("/api/auth/password-reset", "{\"email\": \"" + email + "\"}")
                        .status())
                .isEqualTo(202);
        String token = token(awaitMail(email, "Reset your"), "/reset-password");
        // its hour passes (moved rather than waited for)
        jdbc.update(
                "UPDATE one_time_token SET expires_at = now() - interval '1 second' WHERE purpose = 'RESET_PASSWORD' AND user_id = "
                        + "(SELECT id FROM app_user WHERE handle = ?)",
                handle);
        var expired = browser.post(
                "/api/auth/password-reset/confirm",
                "{\"token\": \"" + token + "\", \"password\": \"" + NEW_PASSWORD + "\"}");
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.header("Content-Type")).startsWith("application/problem+json");
        assertThat(expired.body().get("errors").get(0).get("field").asText()).isEqualTo("token");
        assertThat(browser.get("/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void a_password_change_keeps_this_session_and_ends_the_others() {
        String handle = unique("pia");
        var here = browser();
        assertThat(here.post("/api/auth/signup", signUpJson(handle, handle + "@example.org", PASSWORD))
                        .status())
                .isEqualTo(201);
        var elsewhere = browser();
        assertThat(elsewhere
                        .post("/api/auth/login", "{\"login\": \"" + handle + "\", \"password\": \"" + PASSWORD + "\"}")
                        .status())
                .isEqualTo(200);

        var wrong = here.post(
                "/api/auth/password", "{\"current\": \"not my password\", \"password\": \"" + NEW_PASSWORD + "\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("errors").get(0).get("field").asText()).isEqualTo("current");

        assertThat(here.post(
                                "/api/auth/password",
                                "{\"current\": \"" + PASSWORD + "\", \"password\": \"" + NEW_PASSWORD + "\"}")
                        .status())
                .isEqualTo(204);
        assertThat(here.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(elsewhere.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(browser()
                        .post(
                                "/api/auth/login",
                                "{\"login\": \"" + handle + "\", \"password\": \"" + NEW_PASSWORD + "\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void mail_written_while_the_smtp_server_is_unreachable_is_sent_once_it_is_back() throws Exception {
        int smtpPort = mailSender.getPort();
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String handle = unique("quin");
        String email = handle + "@example.org";
        Long id;
        mailSender.setPort(closed);
        try {
            assertThat(browser()
                            .post("/api/auth/signup", signUpJson(handle, email, PASSWORD))
                            .status())
                    .isEqualTo(201);
            eventually(
                    () -> {
                        Integer attempts = jdbc.queryForObject(
                                "SELECT max(attempts) FROM mail_outbox WHERE recipient = ?", Integer.class, email);
                        return attempts != null && attempts >= 1;
                    },
                    "a send to the unreachable server fails");
            id = jdbc.queryForObject("SELECT id FROM mail_outbox WHERE recipient = ?", Long.class, email);
            assertThat(jdbc.queryForObject("SELECT sent_at IS NULL FROM mail_outbox WHERE id = ?", Boolean.class, id))
                    .isTrue();
        } finally {
            mailSender.setPort(smtpPort);
        }
        // the retry is due (its back-off moved to now rather than waited for)
        jdbc.update("UPDATE mail_outbox SET next_attempt_at = now() WHERE id = ?", id);
        token(awaitMail(email, "Verify your email"), "/verify-email");
        eventually(
                () -> Boolean.TRUE.equals(jdbc.queryForObject(
                        "SELECT sent_at IS NOT NULL FROM mail_outbox WHERE id = ?", Boolean.class, id)),
                "the outbox marks the mail sent");
    }
}

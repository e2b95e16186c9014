package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.mail.MailOutbox;
import io.benchmarkhub.domain.user.UserId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One-time tokens: email verification, password reset and invitations. The secret goes out once (in a mail or to
 * the admin who invites); only its SHA-256 is stored. A token is used at most once and not after it expires: the
 * consuming UPDATE is a single statement, so two nodes cannot both use it.
 */
@Component
class OneTimeTokens {

    public enum Purpose {
        VERIFY_EMAIL,
        RESET_PASSWORD,
        INVITE
    }

    private final JdbcTemplate jdbc;
    private final AccountsProperties properties;
    private final MailOutbox outbox;

    public OneTimeTokens(JdbcTemplate jdbc, AccountsProperties properties, MailOutbox outbox) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.outbox = outbox;
    }

    public record Issued(String token, Instant expiresAt) {}

    public Issued issue(Purpose purpose, UserId userId, Duration ttl) {
        String secret = UserAccounts.newSecret("");
        Instant expiresAt = Instant.now().plus(ttl);
        jdbc.update(
                "INSERT INTO one_time_token (token_hash, purpose, user_id, expires_at) VALUES (?, ?, ?, ?)",
                UserAccounts.hash(secret),
                purpose.name(),
                userId == null ? null : userId.value(),
                Timestamp.from(expiresAt));
        return new Issued(secret, expiresAt);
    }

    /** Uses the token: the user it was issued for, when it is of this purpose, unused and not expired. */
    public Optional<UserId> consume(Purpose purpose, String token) {
        if (token == null || token.isBlank() || token.length() > 200) return Optional.empty();
        return jdbc.query("""
                        UPDATE one_time_token SET used_at = now()
                         WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > now()
                        RETURNING coalesce(user_id, '')""", (rs, n) -> rs.getString(1), UserAccounts.hash(token.strip()), purpose.name()).stream()
                .findFirst()
                .map(id -> id.isEmpty() ? null : new UserId(id));
    }

    /** The user of a live token of this purpose, without using it. */
    public Optional<UserId> peek(Purpose purpose, String token) {
        if (token == null || token.isBlank() || token.length() > 200) return Optional.empty();
        return jdbc.queryForList("""
                        SELECT user_id FROM one_time_token
                         WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > now() AND user_id IS NOT NULL""", String.class, UserAccounts.hash(token.strip()), purpose.name()).stream()
                .findFirst()
                .map(UserId::new);
    }

    public boolean consumeInvite(String token) {
        if (token == null || token.isBlank() || token.length() > 200) return false;
        return jdbc.update(
                        "UPDATE one_time_token SET used_at = now() WHERE token_hash = ? AND purpose = 'INVITE' AND used_at IS NULL AND expires_at > now()",
                        UserAccounts.hash(token.strip()))
                == 1;
    }

    public Issued invite() {
        return issue(Purpose.INVITE, null, properties.tokens().invite());
    }

    /** Queues the verification mail of a new (or changed) address, in the caller's transaction. */
    public void sendEmailVerification(UserAccounts.User user) {
        if (user.email() == null || user.emailVerifiedAt() != null) return;
        var issued = issue(Purpose.VERIFY_EMAIL, user.id(), properties.tokens().verifyEmail());
        outbox.enqueue(user.email(), "Verify your email for BenchmarkHub", """
                Hello %s,

                please confirm that this is your address by opening this link within %s:

                %s/verify-email?token=%s

                If you did not sign up for BenchmarkHub, ignore this mail.
                """.formatted(
                user.handle(), human(properties.tokens().verifyEmail()), properties.publicUrl(), issued.token()));
    }

    /** Queues a password reset mail, in the caller's transaction. */
    public void sendPasswordReset(UserAccounts.User user) {
        var issued =
                issue(Purpose.RESET_PASSWORD, user.id(), properties.tokens().resetPassword());
        outbox.enqueue(user.email(), "Reset your BenchmarkHub password", """
                Hello %s,

                someone (we hope you) asked to reset your password. Choose a new one within %s at:

                %s/reset-password?token=%s

                If it was not you, ignore this mail: your password stays as it is.
                """.formatted(
                user.handle(), human(properties.tokens().resetPassword()), properties.publicUrl(), issued.token()));
    }

    private static String human(Duration d) {
        return d.toHours() >= 1 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }
}

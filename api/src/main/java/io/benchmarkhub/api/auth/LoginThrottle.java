package io.benchmarkhub.api.auth;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Exponential back-off after failed sign-ins, per login name and per client address, in PostgreSQL so every
 * instance sees the same counts. Unknown login names are counted like known ones, so the throttle says nothing about
 * which accounts exist. The login name is stored as a SHA-256, not as typed (it may be an email).
 */
@Component
class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final AccountsProperties.Throttle rules;

    public LoginThrottle(JdbcTemplate jdbc, AccountsProperties properties) {
        this.jdbc = jdbc;
        this.rules = properties.throttle();
    }

    public record Keys(String account, String address) {
        public static Keys of(String login, String address) {
            return new Keys("acct:" + UserAccounts.hash(login.strip().toLowerCase(Locale.ROOT)), "addr:" + address);
        }
    }

    /** How long until a sign-in with these keys may be tried again, when one of them is blocked now. */
    public Optional<Duration> blockedFor(Keys keys) {
        Timestamp until = jdbc.queryForObject(
                "SELECT max(blocked_until) FROM login_throttle WHERE throttle_key IN (?, ?)",
                Timestamp.class,
                keys.account(),
                keys.address());
        if (until == null) return Optional.empty();
        Duration left = Duration.between(Instant.now(), until.toInstant());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(Keys keys) {
        failed(keys.account(), rules.accountFreeFailures());
        failed(keys.address(), rules.addressFreeFailures());
    }

    private void failed(String key, int free) {
        int failures =
                jdbc.queryForObject("""
                INSERT INTO login_throttle (throttle_key, failures, last_failure_at) VALUES (?, 1, now())
                ON CONFLICT (throttle_key) DO UPDATE SET last_failure_at = now(),
                    failures = CASE WHEN login_throttle.last_failure_at < now() - make_interval(secs => ?) THEN 1
                                    ELSE login_throttle.failures + 1 END
                RETURNING failures""", Integer.class, key, rules.maxDelay().toSeconds() * 2.0);
        if (failures <= free) return;
        int over = Math.min(failures - free - 1, 30);
        long millis =
                Math.min(rules.baseDelay().toMillis() << over, rules.maxDelay().toMillis());
        jdbc.update(
                "UPDATE login_throttle SET blocked_until = now() + make_interval(secs => ?) WHERE throttle_key = ?",
                millis / 1000.0,
                key);
    }

    /**
     * A successful sign-in clears the account's count. The address's count is not cleared (an attacker's own good
     * password would reset it); it starts again after a quiet spell of twice the longest block.
     */
    public void succeeded(Keys keys) {
        jdbc.update("DELETE FROM login_throttle WHERE throttle_key = ?", keys.account());
    }
}

package io.benchmarkhub.api.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.accounts.*} (docs/accounts.md).
 *
 * @param signUp          OPEN (anyone), INVITE (with an admin's invitation token) or CLOSED (admins create users)
 * @param publicUrl       the address people reach the app at; links in mails start with it
 * @param absoluteTimeout a browser session ends this long after its sign-in, however active (the idle timeout is
 *                        {@code spring.session.timeout})
 * @param password        the password rules
 * @param throttle        the back-off after failed sign-ins
 * @param tokens          lifetimes of one-time tokens
 */
@ConfigurationProperties("benchmarkhub.accounts")
public record AccountsProperties(
        @DefaultValue("OPEN") SignUp signUp,
        @DefaultValue("http://localhost:8080") String publicUrl,
        @DefaultValue("7d") Duration absoluteTimeout,
        @DefaultValue Password password,
        @DefaultValue Throttle throttle,
        @DefaultValue OneTimeTokens tokens) {

    public enum SignUp {
        OPEN,
        INVITE,
        CLOSED
    }

    /**
     * @param minLength NIST 800-63B: at least 8, and 15 when the password is the only factor; we ask for 12 and allow long ones
     * @param maxLength longer ones are refused (hashing a megabyte is a denial of service)
     * @param blocklist a resource or file of common and breached passwords, one a line
     */
    public record Password(
            @DefaultValue("12") int minLength,
            @DefaultValue("256") int maxLength,

            @DefaultValue("classpath:accounts/common-passwords.txt")
            String blocklist) {}

    /**
     * Failed sign-ins are counted per login name and per client address. After {@code accountFreeFailures}
     * (or {@code addressFreeFailures}) failures in a row, each further failure blocks that key for
     * {@code baseDelay × 2^(n-1)}, at most {@code maxDelay}; a blocked key gets 429 with Retry-After.
     */
    public record Throttle(
            @DefaultValue("5") int accountFreeFailures,
            @DefaultValue("50") int addressFreeFailures,
            @DefaultValue("1s") Duration baseDelay,
            @DefaultValue("15m") Duration maxDelay) {}

    public record OneTimeTokens(
            @DefaultValue("24h") Duration verifyEmail,
            @DefaultValue("1h") Duration resetPassword,
            @DefaultValue("7d") Duration invite) {}
}

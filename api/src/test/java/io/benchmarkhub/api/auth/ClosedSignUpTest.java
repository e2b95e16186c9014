package io.benchmarkhub.api.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.server.ResponseStatusException;

/** With sign-up CLOSED, the sign-up endpoint refuses with 403 before it reads or writes anything (issue 13). */
class ClosedSignUpTest {

    @Test
    void closed_sign_up_is_a_403_that_touches_nothing() {
        var properties = new AccountsProperties(
                AccountsProperties.SignUp.CLOSED,
                "http://localhost:8080",
                java.time.Duration.ofDays(7),
                new AccountsProperties.Password(12, 256, "classpath:accounts/common-passwords.txt"),
                new AccountsProperties.Throttle(
                        5, 50, java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(15)),
                new AccountsProperties.OneTimeTokens(
                        java.time.Duration.ofHours(24), java.time.Duration.ofHours(1), java.time.Duration.ofDays(7)));
        // no storage at all: a closed sign-up must not need any
        var controller = new AuthController(
                null, properties, null, new BCryptPasswordEncoder(4), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> controller.signUp(
                        new AuthController.SignUpRequest(
                                "a@example.org", "anyone", null, "a long passphrase here", null),
                        null,
                        null))
                .isInstanceOfSatisfying(
                        ResponseStatusException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.getStatusCode())
                                .isEqualTo(HttpStatus.FORBIDDEN));
    }
}

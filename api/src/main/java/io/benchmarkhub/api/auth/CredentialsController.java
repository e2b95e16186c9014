package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.user.events.UserEmailVerified;
import io.benchmarkhub.domain.user.events.UserPasswordChanged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Email verification, password reset and password change. One-time tokens arrive by mail (the outbox); an unknown,
 * used or expired token is a 400 naming the field {@code token}. A new password ends the user's other sessions.
 */
@RestController
@Tag(name = "Auth")
class CredentialsController {

    public record VerifyEmailRequest(String token) {}

    public record ResetRequest(String email) {}

    public record ResetConfirmation(String token, String password) {}

    public record PasswordChange(String current, String password) {}

    public record Verified(boolean emailVerified) {}

    private final UserAccounts accounts;
    private final OneTimeTokens tokens;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final AccountEvents events;
    private final TransactionTemplate tx;
    private final AuthController auth;
    private final JdbcTemplate jdbc;

    public CredentialsController(
            UserAccounts accounts,
            OneTimeTokens tokens,
            PasswordPolicy policy,
            PasswordEncoder encoder,
            AccountEvents events,
            TransactionTemplate tx,
            AuthController auth,
            JdbcTemplate jdbc) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.policy = policy;
        this.encoder = encoder;
        this.events = events;
        this.tx = tx;
        this.auth = auth;
        this.jdbc = jdbc;
    }

    @PostMapping("/api/auth/verify-email")
    @Operation(summary = "Verify the email address with the token from the verification mail")
    public Verified verifyEmail(@RequestBody VerifyEmailRequest body) {
        tx.executeWithoutResult(status -> {
            UserId id = tokens.consume(OneTimeTokens.Purpose.VERIFY_EMAIL, body.token())
                    .orElseThrow(CredentialsController::badToken);
            if (jdbc.update(
                            "UPDATE app_user SET email_verified_at = now() WHERE id = ? AND email_verified_at IS NULL AND deleted_at IS NULL",
                            id.value())
                    == 1) {
                events.append(new UserEmailVerified(id), id);
            }
        });
        return new Verified(true);
    }

    @PostMapping("/api/auth/password-reset")
    @Operation(summary = "Ask for a password reset mail; answers 202 whether or not the address has an account")
    public ResponseEntity<Void> requestReset(@RequestBody ResetRequest body) {
        String email = body.email() == null ? null : body.email().strip();
        if (email == null
                || email.isEmpty()
                || email.length() > 320
                || !AuthController.EMAIL.matcher(email).matches()) {
            throw new BadRequest(
                    "The reset request is not valid.", List.of(new Violation("email", "is not an email address")));
        }
        tx.executeWithoutResult(status ->
                accounts.findByEmail(email).filter(UserAccounts.User::active).ifPresent(tokens::sendPasswordReset));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/api/auth/password-reset/confirm")
    @Operation(summary = "Set a new password with the token from the reset mail; ends every session of the account")
    @ApiResponse(responseCode = "204", description = "The password is set")
    public ResponseEntity<Void> confirmReset(@RequestBody ResetConfirmation body) {
        UserId id = tokens.peek(OneTimeTokens.Purpose.RESET_PASSWORD, body.token())
                .orElseThrow(CredentialsController::badToken);
        var user = accounts.findUser(id).filter(UserAccounts.User::active).orElseThrow(CredentialsController::badToken);
        policy.check("password", body.password(), user.handle(), user.email()).ifPresent(v -> {
            throw new BadRequest("The new password is not valid.", List.of(v));
        });
        String hash = encoder.encode(body.password());
        tx.executeWithoutResult(status -> {
            if (tokens.consume(OneTimeTokens.Purpose.RESET_PASSWORD, body.token())
                    .isEmpty()) throw badToken();
            accounts.setPassword(id, hash);
            // the reset link reached the mailbox, so the address is proven too
            if (jdbc.update(
                            "UPDATE app_user SET email_verified_at = now() WHERE id = ? AND email_verified_at IS NULL",
                            id.value())
                    == 1) {
                events.append(new UserEmailVerified(id), id);
            }
            events.append(new UserPasswordChanged(id, true), id);
        });
        auth.endSessions(id, null);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/auth/password")
    @Operation(summary = "Change your password (current and new); your other sessions end, this one goes on")
    @ApiResponse(responseCode = "204", description = "The password is changed")
    public ResponseEntity<Void> change(
            @RequestBody PasswordChange body, @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
        var account = accounts.findUser(user.id()).orElseThrow();
        var errors = new ArrayList<Violation>();
        String stored = accounts.passwordHash(user.id()).orElse(null);
        if (stored != null && (body.current() == null || !encoder.matches(body.current(), stored))) {
            errors.add(new Violation("current", "is not your current password"));
        }
        policy.check("password", body.password(), account.handle(), account.email())
                .ifPresent(errors::add);
        if (!errors.isEmpty()) throw new BadRequest("The password change is not valid.", errors);
        String hash = encoder.encode(body.password());
        tx.executeWithoutResult(status -> {
            accounts.setPassword(user.id(), hash);
            events.append(new UserPasswordChanged(user.id(), false), user.id());
        });
        var session = request.getSession(false);
        auth.endSessions(user.id(), session == null ? null : session.getId());
        return ResponseEntity.noContent().build();
    }

    private static BadRequest badToken() {
        return new BadRequest("The link is not valid.", List.of(new Violation("token", "is unknown, used or expired")));
    }
}

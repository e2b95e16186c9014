package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.user.events.UserPasswordChanged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The first admin in the browser: the first start against an empty database logs a one-time setup link
 * ({@code <public-url>/setup?token=…}, see {@link BootstrapAdmin}); its page posts the token with the admin's email and
 * password here, and the admin is signed in. The link works once, for the bootstrap admin while it has no password.
 */
@RestController
@Tag(name = "Auth")
class SetupController {

    public record SetupRequest(String token, String email, String password) {}

    private final UserAccounts accounts;
    private final OneTimeTokens tokens;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AccountEvents events;
    private final SignIn signIn;

    public SetupController(
            UserAccounts accounts,
            OneTimeTokens tokens,
            PasswordPolicy policy,
            PasswordEncoder encoder,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AccountEvents events,
            SignIn signIn) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.policy = policy;
        this.encoder = encoder;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.signIn = signIn;
    }

    @PostMapping("/api/auth/setup")
    @Operation(
            summary =
                    "First start: the setup link's token, the admin's email and password; answers the admin, signed in")
    public AuthController.Me setUp(
            @RequestBody SetupRequest body, HttpServletRequest request, HttpServletResponse response) {
        UserId id = tokens.peek(OneTimeTokens.Purpose.RESET_PASSWORD, body.token())
                .flatMap(accounts::findUser)
                .filter(user -> user.role() == Role.ADMIN && !user.hasPassword() && user.active())
                .map(UserAccounts.User::id)
                .orElseThrow(SetupController::badToken);
        var user = accounts.findUser(id).orElseThrow();
        var errors = new ArrayList<Violation>();
        String email = body.email() == null ? null : body.email().strip();
        if (email == null || email.isEmpty()) errors.add(new Violation("email", "is required"));
        else if (email.length() > 320 || !AuthController.EMAIL.matcher(email).matches())
            errors.add(new Violation("email", "is not an email address"));
        policy.check("password", body.password(), user.handle(), email).ifPresent(errors::add);
        if (!errors.isEmpty()) throw new BadRequest("The setup is not valid.", errors);

        String hash = encoder.encode(body.password());
        try {
            tx.executeWithoutResult(status -> {
                if (tokens.consume(OneTimeTokens.Purpose.RESET_PASSWORD, body.token())
                        .filter(id::equals)
                        .isEmpty()) throw badToken();
                // only while it has no password: a second link, or a reset link of the admin, cannot set it again here
                if (jdbc.update("""
                        UPDATE app_user SET email = ?, password_hash = ?, password_changed_at = now()
                         WHERE id = ? AND password_hash IS NULL""", UserAccounts.normalizeEmail(email), hash, id.value()) != 1) {
                    throw badToken();
                }
                events.append(new UserPasswordChanged(id, false), id);
                tokens.sendEmailVerification(accounts.findUser(id).orElseThrow());
            });
        } catch (DuplicateKeyException e) {
            throw new BadRequest("The email is taken.", List.of(new Violation("email", "is taken")));
        }
        signIn.start(id, request, response);
        return AuthController.me(
                accounts.findUser(id).orElseThrow(),
                "session",
                io.benchmarkhub.api.billing.Subscriptions.PlanState.FREE);
    }

    private static BadRequest badToken() {
        return new BadRequest(
                "The setup link is not valid.",
                List.of(new Violation("token", "is unknown, used or expired, or the admin is set up already")));
    }
}

package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.billing.Subscriptions;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.billing.Plan;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.user.events.UserSessionsEnded;
import io.benchmarkhub.domain.user.events.UserSignedUp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sign-up, sign-in and sign-out of people in browsers (docs/accounts.md). A sign-in starts a session kept in
 * PostgreSQL; the browser holds only its HttpOnly cookie, and writes carry the CSRF double-submit header.
 */
@RestController
@Tag(name = "Auth")
class AuthController {

    static final Pattern HANDLE = Pattern.compile("[a-z0-9][a-z0-9_-]{1,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    public record SignUpRequest(String email, String handle, String displayName, String password, String inviteToken) {}

    public record LoginRequest(String login, String password) {}

    /** The signed-in user as {@code GET /api/auth/me} shows them. */
    public record Me(
            String id,
            String handle,
            String displayName,
            String email,
            boolean emailVerified,
            Role role,
            Instant createdAt,
            boolean hasPassword,
            String authenticatedBy,
            Plan plan,
            Subscriptions.Subscription subscription) {}

    public record CsrfInfo(String cookieName, String headerName, String token) {}

    public record SessionsEnded(int sessionsEnded) {}

    private final UserAccounts accounts;
    private final Subscriptions subscriptions;
    private final AccountsProperties properties;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final SignIn signIn;
    private final AccountEvents events;
    private final OneTimeTokens oneTimeTokens;
    private final TransactionTemplate tx;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final String dummyHash;

    public AuthController(
            UserAccounts accounts,
            AccountsProperties properties,
            PasswordPolicy policy,
            PasswordEncoder encoder,
            LoginThrottle throttle,
            SignIn signIn,
            AccountEvents events,
            OneTimeTokens oneTimeTokens,
            TransactionTemplate tx,
            FindByIndexNameSessionRepository<? extends Session> sessions,
            Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.properties = properties;
        this.policy = policy;
        this.encoder = encoder;
        this.throttle = throttle;
        this.signIn = signIn;
        this.events = events;
        this.oneTimeTokens = oneTimeTokens;
        this.tx = tx;
        this.sessions = sessions;
        // an unknown account is checked against this, so it costs what a wrong password costs
        this.dummyHash = PasswordConfiguration.UNKNOWN_ACCOUNT_HASH;
    }

    @GetMapping("/api/auth/csrf")
    @Operation(
            summary = "The CSRF token (also set as the XSRF-TOKEN cookie): send it as X-XSRF-TOKEN on browser writes")
    public CsrfInfo csrf(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        var token = (Supplier<CsrfToken>) request.getAttribute(SpaCsrfTokenRequestHandler.RAW_TOKEN);
        return new CsrfInfo(
                "XSRF-TOKEN", "X-XSRF-TOKEN", token == null ? null : token.get().getToken());
    }

    @PostMapping("/api/auth/signup")
    @Operation(summary = "Sign up with email, handle and password; answers 201 with the user and a session cookie")
    public ResponseEntity<Me> signUp(
            @RequestBody SignUpRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (properties.signUp() == AccountsProperties.SignUp.CLOSED) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Sign-up is closed: an admin creates accounts.");
        }
        var errors = new ArrayList<Violation>();
        String email = body.email() == null ? null : body.email().strip();
        if (email == null || email.isEmpty()) errors.add(new Violation("email", "is required"));
        else if (email.length() > 320 || !EMAIL.matcher(email).matches())
            errors.add(new Violation("email", "is not an email address"));
        if (body.handle() == null || !HANDLE.matcher(body.handle()).matches()) {
            errors.add(new Violation("handle", "must be 2-64 lowercase letters, digits, _ or -"));
        }
        if (body.displayName() != null && body.displayName().length() > 200)
            errors.add(new Violation("displayName", "must be at most 200 characters"));
        policy.check("password", body.password(), body.handle(), email).ifPresent(errors::add);
        boolean invite = properties.signUp() == AccountsProperties.SignUp.INVITE;
        if (invite && (body.inviteToken() == null || body.inviteToken().isBlank()))
            errors.add(new Violation("inviteToken", "is required: sign-up is by invitation"));
        if (!errors.isEmpty()) throw new BadRequest("The sign-up is not valid.", errors);

        String hash = encoder.encode(body.password());
        String displayName = body.displayName() == null || body.displayName().isBlank()
                ? body.handle()
                : body.displayName().strip();
        UserAccounts.User user;
        try {
            user = tx.execute(status -> {
                if (invite && !oneTimeTokens.consumeInvite(body.inviteToken())) {
                    throw new BadRequest(
                            "The invitation is not valid.",
                            List.of(new Violation("inviteToken", "is unknown, used or expired")));
                }
                var created = accounts.createAccount(body.handle(), displayName, email, false, hash);
                events.append(new UserSignedUp(created.id(), "PASSWORD", Role.USER.name()), created.id());
                oneTimeTokens.sendEmailVerification(created);
                return created;
            });
        } catch (UserAccounts.TakenException e) {
            String field = e.field() == UserAccounts.Taken.EMAIL ? "email" : "handle";
            throw new BadRequest("The " + field + " is taken.", List.of(new Violation(field, "is taken")));
        }
        signIn.start(user.id(), request, response);
        return ResponseEntity.status(HttpStatus.CREATED).body(me(user, "session", Subscriptions.PlanState.FREE));
    }

    @PostMapping("/api/auth/login")
    @Operation(summary = "Sign in with email or handle and password; answers the user and a session cookie")
    public Me login(@RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        var errors = new ArrayList<Violation>();
        if (body.login() == null || body.login().isBlank())
            errors.add(new Violation("login", "is required (your email or handle)"));
        else if (body.login().length() > 320) errors.add(new Violation("login", "is not an email or a handle"));
        if (body.password() == null || body.password().isEmpty()) errors.add(new Violation("password", "is required"));
        else if (body.password().length() > 4 * properties.password().maxLength())
            errors.add(new Violation("password", "is too long"));
        if (!errors.isEmpty()) throw new BadRequest("The sign-in is not valid.", errors);

        var keys = LoginThrottle.Keys.of(body.login(), request.getRemoteAddr());
        var blocked = throttle.blockedFor(keys);
        if (blocked.isPresent()) throw new TooManySignIns(blocked.get().toSeconds() + 1);

        var credentials = accounts.credentials(body.login());
        String hash = credentials.map(UserAccounts.Credentials::passwordHash).orElse(null);
        boolean matches = encoder.matches(body.password(), hash == null ? dummyHash : hash) && hash != null;
        if (!matches || !credentials.get().active()) {
            throttle.failed(keys);
            throw new ResponseStatusException(
                    HttpStatus.UNAUTHORIZED, "The login or the password is wrong, or the account is disabled.");
        }
        throttle.succeeded(keys);
        UserId id = credentials.get().id();
        if (encoder.upgradeEncoding(hash)) accounts.setPassword(id, encoder.encode(body.password()));
        signIn.start(id, request, response);
        return me(accounts.findUser(id).orElseThrow(), "session", subscriptions.ofUser(id));
    }

    /** 429 with Retry-After: the login name or the client address is blocked for a while. */
    static final class TooManySignIns extends ErrorResponseException {
        TooManySignIns(long seconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(seconds), null);
            getHeaders().set("Retry-After", Long.toString(seconds));
        }

        private static ProblemDetail problem(long seconds) {
            ProblemDetail problem = Problems.of(
                    HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins; try again in " + seconds + " s.");
            problem.setProperty("retryAfterSeconds", seconds);
            return problem;
        }
    }

    @PostMapping("/api/auth/logout")
    @Operation(summary = "Sign out this browser session (the session cookie stops working)")
    @ApiResponse(responseCode = "204", description = "Signed out (also when there was no session)")
    public ResponseEntity<Void> logout(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null) session.invalidate();
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/auth/logout-everywhere")
    @Operation(summary = "End every browser session of yours, on every device (bearer tokens are revoked one by one)")
    public SessionsEnded logoutEverywhere(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
        int ended = endSessions(user.id(), null);
        var session = request.getSession(false);
        if (session != null) session.invalidate();
        tx.executeWithoutResult(status -> events.append(new UserSessionsEnded(user.id(), ended), user.id()));
        return new SessionsEnded(ended);
    }

    /** Deletes the user's sessions in PostgreSQL, but {@code keep}; returns how many. */
    int endSessions(UserId userId, String keep) {
        int ended = 0;
        for (String id : sessions.findByPrincipalName(userId.value()).keySet()) {
            if (id.equals(keep)) continue;
            sessions.deleteById(id);
            ended++;
        }
        return ended;
    }

    @GetMapping("/api/auth/me")
    @Operation(summary = "The signed-in user (by session or token)")
    public Me me(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
        Object by = request.getAttribute(SessionUserFilter.AUTHENTICATED_BY);
        return me(
                accounts.findUser(user.id()).orElseThrow(),
                by == null ? "token" : by.toString(),
                subscriptions.ofUser(user.id()));
    }

    Subscriptions.PlanState planOf(UserId id) {
        return subscriptions.ofUser(id);
    }

    /** {@code plan}: the plan in force (docs/plans.md); {@code subscription}: the one giving it, or the latest that ended. */
    static Me me(UserAccounts.User user, String authenticatedBy, Subscriptions.PlanState plan) {
        return new Me(
                user.id().value(),
                user.handle(),
                user.displayName(),
                user.email(),
                user.emailVerifiedAt() != null,
                user.role(),
                user.createdAt(),
                user.hasPassword(),
                authenticatedBy,
                plan.plan(),
                plan.subscription());
    }
}

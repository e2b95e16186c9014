package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.events.UserSignedUp;
import io.benchmarkhub.domain.user.events.UserTokenIssued;
import io.benchmarkhub.domain.user.events.UserTokenRevoked;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Users (created by an admin) and the caller's own personal API tokens. */
@RestController
@Tag(name = "Auth")
class AccountController {

    private static final Pattern HANDLE = Pattern.compile("[a-z0-9][a-z0-9_-]{1,63}");

    public record CreateUserRequest(String handle, String displayName, Role role) {}

    public record CreatedUser(String id, String handle, String token) {}

    /** {@code expiresAt}: optional; the token stops working then. Without it the token lives until revoked. */
    public record CreateTokenRequest(String name, Instant expiresAt) {}

    private final UserAccounts accounts;
    private final AccountEvents events;
    private final TransactionTemplate tx;

    public AccountController(UserAccounts accounts, AccountEvents events, TransactionTemplate tx) {
        this.accounts = accounts;
        this.events = events;
        this.tx = tx;
    }

    @PostMapping("/api/users")
    @Operation(summary = "Create a user and their first token (admin only); the token is shown only here")
    public ResponseEntity<CreatedUser> createUser(
            @RequestBody CreateUserRequest body, @AuthenticationPrincipal CurrentUser admin) {
        var errors = new ArrayList<Violation>();
        if (body.handle() == null || !HANDLE.matcher(body.handle()).matches()) {
            errors.add(new Violation("handle", "must be 2-64 lowercase letters, digits, _ or -"));
        }
        if (body.displayName() != null && body.displayName().length() > 200) {
            errors.add(new Violation("displayName", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) throw new BadRequest("The user is not valid.", errors);
        Role role = body.role() == null ? Role.USER : body.role();
        var issued = tx.execute(status -> {
            var user = accounts.createUser(
                            body.handle(), body.displayName() == null ? body.handle() : body.displayName(), role)
                    .orElseThrow(
                            () -> new BadRequest("The handle is taken.", List.of(new Violation("handle", "is taken"))));
            var token = accounts.issueToken(user.id(), "default");
            events.append(new UserSignedUp(user.id(), "ADMIN", role.name()), admin.id());
            events.append(new UserTokenIssued(user.id(), token.id(), null), admin.id());
            return new Object[] {user, token};
        });
        var user = (UserAccounts.User) issued[0];
        var token = (UserAccounts.IssuedToken) issued[1];
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedUser(user.id().value(), user.handle(), token.token()));
    }

    @PostMapping("/api/tokens")
    @Operation(
            summary =
                    "Create a personal API token with a name and an optional expiry (expiresAt); the secret is shown only in this response")
    public ResponseEntity<UserAccounts.IssuedToken> createToken(
            @RequestBody(required = false) CreateTokenRequest body, @AuthenticationPrincipal CurrentUser user) {
        String name = body == null || body.name() == null || body.name().isBlank()
                ? "token"
                : body.name().strip();
        if (name.length() > 200)
            throw new BadRequest("Bad token name.", List.of(new Violation("name", "must be at most 200 characters")));
        Instant expiresAt = body == null ? null : body.expiresAt();
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new BadRequest("Bad token expiry.", List.of(new Violation("expiresAt", "must be in the future")));
        }
        if (expiresAt != null && expiresAt.isAfter(Instant.now().plus(Duration.ofDays(3660)))) {
            throw new BadRequest(
                    "Bad token expiry.",
                    List.of(new Violation(
                            "expiresAt", "must be within ten years; leave it out for a token that does not expire")));
        }
        var issued = tx.execute(status -> {
            var token = accounts.issueToken(user.id(), name, expiresAt);
            events.append(new UserTokenIssued(user.id(), token.id(), expiresAt), user.id());
            return token;
        });
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(issued);
    }

    @GetMapping("/api/tokens")
    @Operation(summary = "Your tokens with their expiry and when each was last used (to the minute); never the secrets")
    public List<UserAccounts.TokenInfo> tokens(@AuthenticationPrincipal CurrentUser user) {
        return accounts.tokens(user.id());
    }

    @DeleteMapping("/api/tokens/{tokenId}")
    @Operation(summary = "Revoke one of your tokens")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ProblemResponse(status = "404", description = "You have no such token")
    public ResponseEntity<Void> revoke(@PathVariable String tokenId, @AuthenticationPrincipal CurrentUser user) {
        boolean revoked = Boolean.TRUE.equals(tx.execute(status -> {
            if (!accounts.revoke(user.id(), tokenId)) return false;
            events.append(new UserTokenRevoked(user.id(), tokenId), user.id());
            return true;
        }));
        if (!revoked)
            throw new ErrorResponseException(
                    HttpStatus.NOT_FOUND,
                    Problems.of(HttpStatus.NOT_FOUND, "You have no live token " + tokenId + "."),
                    null);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/me")
    @Operation(summary = "Who the token belongs to")
    public CurrentUser me(@AuthenticationPrincipal CurrentUser user) {
        return user;
    }
}

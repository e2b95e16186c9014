package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.benchmark.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Users (created by an admin) and the caller's own personal API tokens. */
@RestController
@Tag(name = "Auth")
public class AccountController {

    private static final Pattern HANDLE = Pattern.compile("[a-z0-9][a-z0-9_-]{1,63}");

    public record CreateUserRequest(String handle, String displayName, Role role) {
    }

    public record CreatedUser(String id, String handle, String token) {
    }

    public record CreateTokenRequest(String name) {
    }

    private final UserAccounts accounts;

    public AccountController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/users")
    @Operation(summary = "Create a user and their first token (admin only); the token is shown only here")
    public ResponseEntity<CreatedUser> createUser(@RequestBody CreateUserRequest body) {
        var errors = new ArrayList<Violation>();
        if (body.handle() == null || !HANDLE.matcher(body.handle()).matches()) {
            errors.add(new Violation("handle", "must be 2-64 lowercase letters, digits, _ or -"));
        }
        if (body.displayName() != null && body.displayName().length() > 200) {
            errors.add(new Violation("displayName", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) throw new BadRequest("The user is not valid.", errors);
        var user = accounts.createUser(body.handle(), body.displayName() == null ? body.handle() : body.displayName(),
                        body.role() == null ? Role.USER : body.role())
                .orElseThrow(() -> new BadRequest("The handle is taken.", List.of(new Violation("handle", "is taken"))));
        var token = accounts.issueToken(user.id(), "default");
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedUser(user.id().value(), user.handle(), token.token()));
    }

    @PostMapping("/api/tokens")
    @Operation(summary = "Create another personal API token; the token is shown only here")
    public ResponseEntity<UserAccounts.IssuedToken> createToken(@RequestBody(required = false) CreateTokenRequest body,
                                                                @AuthenticationPrincipal CurrentUser user) {
        String name = body == null || body.name() == null || body.name().isBlank() ? "token" : body.name().strip();
        if (name.length() > 200) throw new BadRequest("Bad token name.", List.of(new Violation("name", "must be at most 200 characters")));
        return ResponseEntity.status(HttpStatus.CREATED).body(accounts.issueToken(user.id(), name));
    }

    @GetMapping("/api/tokens")
    @Operation(summary = "Your tokens (never the secrets)")
    public List<UserAccounts.TokenInfo> tokens(@AuthenticationPrincipal CurrentUser user) {
        return accounts.tokens(user.id());
    }

    @DeleteMapping("/api/tokens/{tokenId}")
    @Operation(summary = "Revoke one of your tokens")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "You have no such token",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    public ResponseEntity<Void> revoke(@PathVariable String tokenId, @AuthenticationPrincipal CurrentUser user) {
        if (!accounts.revoke(user.id(), tokenId)) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "You have no token " + tokenId + "."), null);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/me")
    @Operation(summary = "Who the token belongs to")
    public CurrentUser me(@AuthenticationPrincipal CurrentUser user) {
        return user;
    }
}

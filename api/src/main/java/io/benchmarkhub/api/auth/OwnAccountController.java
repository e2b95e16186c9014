package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.events.UserDeleted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own account: export its data, delete it. Deletion erases the personal data (email, name, password
 * hash, OIDC links, sessions, tokens, pending mail) and keeps the row as a tombstone with a neutral handle, so the
 * events (which carry only ids) and public benchmarks still resolve, shown as by a deleted user.
 */
@RestController
@Tag(name = "Auth")
class OwnAccountController {

    /** {@code password} confirms an account that has one; an account without (bootstrap admin, OIDC) types its {@code handle}. */
    public record DeleteRequest(String password, String handle) {}

    public record Export(
            AuthController.Me account,
            List<UserAccounts.TokenInfo> tokens,
            List<Map<String, Object>> benchmarks,
            List<Map<String, Object>> runs) {}

    private final UserAccounts accounts;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final AccountEvents events;
    private final TransactionTemplate tx;
    private final AuthController auth;

    public OwnAccountController(
            UserAccounts accounts,
            JdbcTemplate jdbc,
            PasswordEncoder encoder,
            AccountEvents events,
            TransactionTemplate tx,
            AuthController auth) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.events = events;
        this.tx = tx;
        this.auth = auth;
    }

    @GetMapping("/api/account/export")
    @Operation(summary = "Your data as JSON: the account, your tokens (no secrets), your benchmarks and your runs")
    public ResponseEntity<Export> export(@AuthenticationPrincipal CurrentUser user) {
        var account = AuthController.me(accounts.findUser(user.id()).orElseThrow(), null, auth.planOf(user.id()));
        var benchmarks = jdbc.queryForList("""
                SELECT id, title, description, tags::text AS tags, category, visibility, version, content_hash, prompt_template,
                       graders::text AS graders, case_count, forked_from_id, forked_from_version, created_at, updated_at
                  FROM benchmark WHERE owner_id = ? ORDER BY created_at, id""", user.id().value());
        for (var benchmark : benchmarks) {
            benchmark.put("cases", jdbc.queryForList("""
                    SELECT case_id, input::text AS input, expected::text AS expected, tags::text AS tags FROM benchmark_case
                     WHERE benchmark_id = ? AND valid_to IS NULL ORDER BY ordinal""", benchmark.get("id")));
        }
        var runs = jdbc.queryForList("""
                SELECT id, benchmark_id, benchmark_version, status, models::text AS models, repeats, billing, requested_at,
                       started_at, finished_at, summaries::text AS summaries
                  FROM run WHERE requested_by = ? ORDER BY requested_at, id""", user.id().value());
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"benchmarkhub-export.json\"")
                .header("Cache-Control", "no-store")
                .body(new Export(account, accounts.tokens(user.id()), benchmarks, runs));
    }

    @DeleteMapping("/api/account")
    @Operation(
            summary =
                    "Delete your account: personal data is erased, events keep only ids, public benchmarks stay (by a deleted user)",
            description =
                    "An account with a password confirms with {\"password\": …}; one without (an OIDC or bootstrap account) "
                            + "with {\"handle\": …}, its own handle. The last active admin cannot delete itself (409).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponse(status = "409", description = "You are the last active admin")
    public ResponseEntity<Void> delete(
            @RequestBody(required = false) DeleteRequest body,
            @AuthenticationPrincipal CurrentUser user,
            HttpServletRequest request) {
        String hash = accounts.passwordHash(user.id()).orElse(null);
        if (hash != null && (body == null || body.password() == null || !encoder.matches(body.password(), hash))) {
            throw new BadRequest(
                    "Confirm with your password.", List.of(new Violation("password", "is not your current password")));
        }
        if (hash == null && (body == null || !user.handle().equals(body.handle()))) {
            throw new BadRequest(
                    "Confirm by typing your handle.", List.of(new Violation("handle", "is not your handle")));
        }
        if (user.role() == Role.ADMIN && lastActiveAdmin(user)) {
            throw new ErrorResponseException(
                    HttpStatus.CONFLICT,
                    Problems.of(
                            HttpStatus.CONFLICT,
                            "You are the last active admin: make another user admin before you delete your account."),
                    null);
        }
        String id = user.id().value();
        tx.executeWithoutResult(status -> {
            String email = jdbc.queryForObject("SELECT email FROM app_user WHERE id = ?", String.class, id);
            jdbc.update("""
                    UPDATE app_user SET email = NULL, email_verified_at = NULL, password_hash = NULL, display_name = 'Deleted user',
                           handle = 'deleted-' || substr(md5(id), 1, 16), role = 'USER', deleted_at = now()
                     WHERE id = ?""", id);
            jdbc.update("UPDATE api_token SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", id);
            jdbc.update("DELETE FROM user_identity WHERE user_id = ?", id);
            jdbc.update("DELETE FROM one_time_token WHERE user_id = ?", id);
            if (email != null) jdbc.update("DELETE FROM mail_outbox WHERE recipient = ? AND sent_at IS NULL", email);
            events.append(new UserDeleted(user.id()), user.id());
        });
        auth.endSessions(user.id(), null);
        var session = request.getSession(false);
        if (session != null) session.invalidate();
        return ResponseEntity.noContent().build();
    }

    private boolean lastActiveAdmin(CurrentUser user) {
        Integer others = jdbc.queryForObject("""
                SELECT count(*) FROM app_user
                 WHERE role = 'ADMIN' AND id <> ? AND disabled_at IS NULL AND deleted_at IS NULL""", Integer.class, user.id().value());
        return others == null || others == 0;
    }
}

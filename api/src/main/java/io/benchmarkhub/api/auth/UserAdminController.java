package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.user.events.UserCredentialsRevoked;
import io.benchmarkhub.domain.user.events.UserDisabled;
import io.benchmarkhub.domain.user.events.UserEnabled;
import io.benchmarkhub.domain.user.events.UserRoleChanged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * User administration (admins only, by the path rule in {@link SecurityConfiguration}): list and search, change a
 * role, disable and enable, revoke every credential. Each change is an event naming the admin and the user by id.
 * A disabled user's sessions are deleted and their tokens refused at once, on every node (both are checked against
 * PostgreSQL on every request).
 */
@RestController
@Tag(name = "Admin")
class UserAdminController {

    public record AdminUser(
            String id,
            String handle,
            String displayName,
            String email,
            boolean emailVerified,
            Role role,
            boolean disabled,
            boolean deleted,
            boolean hasPassword,
            Instant createdAt) {
        static AdminUser of(UserAccounts.User u) {
            return new AdminUser(
                    u.id().value(),
                    u.handle(),
                    u.displayName(),
                    u.email(),
                    u.emailVerifiedAt() != null,
                    u.role(),
                    u.disabledAt() != null,
                    u.deletedAt() != null,
                    u.hasPassword(),
                    u.createdAt());
        }
    }

    public record UserPage(List<AdminUser> items, long total, int page, int size) {}

    public record UserChange(Role role, Boolean disabled) {}

    public record Revoked(int tokens, int sessions) {}

    private final UserAccounts accounts;
    private final JdbcTemplate jdbc;
    private final AccountEvents events;
    private final TransactionTemplate tx;
    private final AuthController auth;

    public UserAdminController(
            UserAccounts accounts,
            JdbcTemplate jdbc,
            AccountEvents events,
            TransactionTemplate tx,
            AuthController auth) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.events = events;
        this.tx = tx;
        this.auth = auth;
    }

    @GetMapping("/api/admin/users")
    @Operation(summary = "List and search users (q matches handle, name or email); paged from page 0")
    public UserPage list(
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        var errors = new ArrayList<Violation>();
        if (page < 0) errors.add(new Violation("page", "must be 0 or more"));
        if (size < 1 || size > 200) errors.add(new Violation("size", "must be from 1 to 200"));
        if (q != null && q.length() > 200) errors.add(new Violation("q", "must be at most 200 characters"));
        if (!errors.isEmpty()) throw new BadRequest("The user search is not valid.", errors);
        String pattern = q == null || q.isBlank()
                ? "%"
                : "%"
                        + q.strip()
                                .toLowerCase()
                                .replace("\\", "\\\\")
                                .replace("%", "\\%")
                                .replace("_", "\\_") + "%";
        String where = " WHERE lower(handle) LIKE ? OR lower(display_name) LIKE ? OR coalesce(email, '') LIKE ?";
        Long total =
                jdbc.queryForObject("SELECT count(*) FROM app_user" + where, Long.class, pattern, pattern, pattern);
        var ids = jdbc.queryForList(
                "SELECT id FROM app_user" + where + " ORDER BY created_at, id LIMIT ? OFFSET ?",
                String.class,
                pattern,
                pattern,
                pattern,
                size,
                (long) page * size);
        var items = ids.stream()
                .map(id -> accounts.findUser(new UserId(id)).map(AdminUser::of).orElseThrow())
                .toList();
        return new UserPage(items, total == null ? 0 : total, page, size);
    }

    @GetMapping("/api/admin/users/{id}")
    @Operation(summary = "One user")
    public AdminUser get(@PathVariable String id) {
        return AdminUser.of(find(id));
    }

    @PatchMapping("/api/admin/users/{id}")
    @Operation(
            summary =
                    "Change a user's role and/or disable or enable them; disabling ends their sessions and stops their tokens at once")
    public AdminUser change(
            @PathVariable String id, @RequestBody UserChange body, @AuthenticationPrincipal CurrentUser admin) {
        var user = find(id);
        if (user.deletedAt() != null)
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The account was deleted.");
        var errors = new ArrayList<Violation>();
        if (body.role() == null && body.disabled() == null)
            errors.add(new Violation("role", "give role and/or disabled"));
        if (user.id().equals(admin.id()) && body.role() != null && body.role() != Role.ADMIN) {
            errors.add(new Violation("role", "you cannot take the admin role from yourself"));
        }
        if (user.id().equals(admin.id()) && Boolean.TRUE.equals(body.disabled()))
            errors.add(new Violation("disabled", "you cannot disable yourself"));
        if (!errors.isEmpty()) throw new BadRequest("The change is not valid.", errors);
        boolean disabling = tx.execute(status -> {
            boolean disable = false;
            if (body.role() != null && body.role() != user.role()) {
                jdbc.update(
                        "UPDATE app_user SET role = ? WHERE id = ?", body.role().name(), id);
                events.append(
                        new UserRoleChanged(
                                user.id(), user.role().name(), body.role().name(), admin.id()),
                        admin.id());
            }
            if (Boolean.TRUE.equals(body.disabled()) && user.disabledAt() == null) {
                jdbc.update("UPDATE app_user SET disabled_at = now() WHERE id = ?", id);
                events.append(new UserDisabled(user.id(), admin.id()), admin.id());
                disable = true;
            } else if (Boolean.FALSE.equals(body.disabled()) && user.disabledAt() != null) {
                jdbc.update("UPDATE app_user SET disabled_at = NULL WHERE id = ?", id);
                events.append(new UserEnabled(user.id(), admin.id()), admin.id());
            }
            return disable;
        });
        if (disabling) auth.endSessions(user.id(), null);
        return AdminUser.of(find(id));
    }

    @PostMapping("/api/admin/users/{id}/revoke")
    @Operation(summary = "Revoke every token and end every session of a user")
    public Revoked revoke(@PathVariable String id, @AuthenticationPrincipal CurrentUser admin) {
        var user = find(id);
        int tokens = tx.execute(status -> accounts.revokeAll(user.id()));
        int sessions = auth.endSessions(user.id(), null);
        tx.executeWithoutResult(status ->
                events.append(new UserCredentialsRevoked(user.id(), tokens, sessions, admin.id()), admin.id()));
        return new Revoked(tokens, sessions);
    }

    private UserAccounts.User find(String id) {
        if (id == null || id.isBlank() || id.length() > 64)
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id + ".");
        return accounts.findUser(new UserId(id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id + "."));
    }
}

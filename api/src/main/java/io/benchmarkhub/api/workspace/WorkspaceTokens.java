package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.auth.Role;
import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.benchmarkhub.domain.workspace.events.WorkspaceTokenIssued;
import io.benchmarkhub.domain.workspace.events.WorkspaceTokenRevoked;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspace tokens (service accounts for CI). Each token belongs to a service account of its own: an account with no
 * password and no email, a member of the workspace with the token's role. So a token is authenticated, authorised and
 * removed exactly like a member, and revoking it ends its membership with the same commit.
 */
@Service
public class WorkspaceTokens {

    private static final int MAX_NAME = 100;

    public record IssuedWorkspaceToken(
            String id, String name, WorkspaceRole role, String serviceUserId, String token, Instant expiresAt) {}

    public record WorkspaceToken(
            String id,
            String name,
            WorkspaceRole role,
            String serviceUserId,
            Instant createdAt,
            Instant expiresAt,

            @Schema(description = UserAccounts.TokenInfo.LAST_USED)
            Instant lastUsedAt,

            Instant revokedAt) {}

    private final JdbcTemplate jdbc;
    private final UserAccounts accounts;
    private final Workspaces workspaces;
    private final WorkspaceEvents events;

    WorkspaceTokens(JdbcTemplate jdbc, UserAccounts accounts, Workspaces workspaces, WorkspaceEvents events) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.events = events;
    }

    @Transactional
    public IssuedWorkspaceToken issue(String id, UserId actor, String name, WorkspaceRole role, Instant expiresAt) {
        workspaces.requireRole(id, actor, WorkspaceRole.ADMIN, "Only owners and admins manage workspace tokens.");
        var problems = new ArrayList<Violation>();
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME)
            problems.add(new Violation("name", "is required, at most " + MAX_NAME + " characters"));
        if (role == null || role == WorkspaceRole.OWNER)
            problems.add(new Violation("role", "must be ADMIN, MEMBER or VIEWER"));
        if (expiresAt != null && !expiresAt.isAfter(Instant.now()))
            problems.add(new Violation("expiresAt", "must be in the future"));
        if (!problems.isEmpty()) throw new BadRequest("The token is not valid.", problems);
        String handle = "svc-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        UserId service = accounts.createUser(handle, name.strip(), Role.USER)
                .orElseThrow()
                .id();
        jdbc.update(
                "INSERT INTO workspace_member (workspace_id, user_id, role) VALUES (?, ?, ?)",
                id,
                service.value(),
                role.name());
        var issued = accounts.issueToken(service, name.strip(), expiresAt);
        jdbc.update(
                "INSERT INTO workspace_token (token_id, workspace_id, service_user_id, created_by) VALUES (?, ?, ?, ?)",
                issued.id(),
                id,
                service.value(),
                actor.value());
        events.append(new WorkspaceTokenIssued(id, issued.id(), service, role, actor), actor);
        return new IssuedWorkspaceToken(
                issued.id(), issued.name(), role, service.value(), issued.token(), issued.expiresAt());
    }

    public List<WorkspaceToken> list(String id, UserId actor) {
        workspaces.requireRoleUnlocked(
                id, actor, WorkspaceRole.ADMIN, "Only owners and admins manage workspace tokens.");
        return jdbc.query(
                """
                SELECT t.token_id, a.name, m.role, t.service_user_id, a.created_at, a.expires_at, a.last_used_at, a.revoked_at
                  FROM workspace_token t JOIN api_token a ON a.id = t.token_id
                  LEFT JOIN workspace_member m ON m.workspace_id = t.workspace_id AND m.user_id = t.service_user_id
                 WHERE t.workspace_id = ? ORDER BY a.created_at, t.token_id""",
                (rs, n) -> new WorkspaceToken(
                        rs.getString("token_id"),
                        rs.getString("name"),
                        rs.getString("role") == null ? null : WorkspaceRole.valueOf(rs.getString("role")),
                        rs.getString("service_user_id"),
                        instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("expires_at")),
                        instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))),
                id);
    }

    /** Revokes the token and removes its service account from the workspace, in one commit. */
    @Transactional
    public void revoke(String id, UserId actor, String tokenId) {
        workspaces.requireRole(id, actor, WorkspaceRole.ADMIN, "Only owners and admins manage workspace tokens.");
        var service = jdbc.queryForList(
                "SELECT service_user_id FROM workspace_token WHERE workspace_id = ? AND token_id = ?",
                String.class,
                id,
                tokenId);
        if (service.isEmpty()) throw WorkspaceProblem.notFoundDetail("No token " + tokenId + " in this workspace.");
        jdbc.update("UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?", tokenId);
        jdbc.update("DELETE FROM workspace_member WHERE workspace_id = ? AND user_id = ?", id, service.getFirst());
        events.append(new WorkspaceTokenRevoked(id, tokenId, actor), actor);
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

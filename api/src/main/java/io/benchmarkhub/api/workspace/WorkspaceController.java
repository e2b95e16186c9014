package io.benchmarkhub.api.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Team workspaces (issue 18, docs/workspaces.md). A workspace the caller is not a member of answers 404, like one that
 * does not exist; a member whose role is too weak gets 403.
 */
@RestController
@Tag(name = "Workspaces")
public class WorkspaceController {

    public record NewWorkspace(String name, String slug) {}

    public record WorkspaceChange(String name, String slug) {}

    /**
     * A change of a member: their role, their monthly spend limit (a whole number of credits ≥ 0; null removes it), or
     * both. A field left out is not changed.
     */
    public record MemberChange(WorkspaceRole role, Long monthlySpendLimit) {}

    public record NewInvitation(String email, WorkspaceRole role) {}

    public record WorkspaceList(List<Workspaces.Workspace> items) {}

    public record MemberList(List<Workspaces.Member> items) {}

    private final Workspaces workspaces;
    private final WorkspaceTokens tokens;

    WorkspaceController(Workspaces workspaces, WorkspaceTokens tokens) {
        this.workspaces = workspaces;
        this.tokens = tokens;
    }

    @PostMapping("/api/workspaces")
    @Operation(
            summary = "Create a workspace; the caller becomes its first OWNER",
            description = "name: 1-100 characters; slug: 3-40 lower-case letters, digits and inner hyphens, unique.")
    @ApiResponse(
            responseCode = "201",
            description = "The workspace, with the caller's role",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Workspaces.Workspace.class)))
    @ProblemResponse(
            status = "400",
            description = "name or slug is not valid, or the slug is taken (errors name the field)")
    public ResponseEntity<Workspaces.Workspace> createWorkspace(
            @RequestBody(required = false) NewWorkspace body, @AuthenticationPrincipal CurrentUser user) {
        if (body == null)
            throw new BadRequest("The workspace is not valid.", List.of(new Violation("name", "is required")));
        var created = workspaces.create(user.id(), body.name(), body.slug());
        return ResponseEntity.created(URI.create("/api/workspaces/" + created.id()))
                .body(created);
    }

    @GetMapping("/api/workspaces")
    @Operation(summary = "The caller's workspaces, oldest first, each with the caller's role")
    @ApiResponse(
            responseCode = "200",
            description = "The workspaces",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WorkspaceList.class)))
    public WorkspaceList listWorkspaces(@AuthenticationPrincipal CurrentUser user) {
        return new WorkspaceList(workspaces.mine(user.id()));
    }

    @GetMapping("/api/workspaces/{id}")
    @Operation(summary = "A workspace the caller is a member of")
    @ApiResponse(
            responseCode = "200",
            description = "The workspace",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Workspaces.Workspace.class)))
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public Workspaces.Workspace getWorkspace(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return workspaces.find(id, user.id()).orElseThrow(() -> WorkspaceProblem.notFound(id));
    }

    @PatchMapping("/api/workspaces/{id}")
    @Operation(summary = "Rename a workspace or change its slug (owners and admins)")
    @ApiResponse(
            responseCode = "200",
            description = "The workspace",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Workspaces.Workspace.class)))
    @ProblemResponse(status = "400", description = "name or slug is not valid, or the slug is taken")
    @ProblemResponse(status = "403", description = "the caller is a member or viewer")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public Workspaces.Workspace changeWorkspace(
            @PathVariable String id,
            @RequestBody(required = false) WorkspaceChange body,
            @AuthenticationPrincipal CurrentUser user) {
        return workspaces.update(id, user.id(), body == null ? null : body.name(), body == null ? null : body.slug());
    }

    @DeleteMapping("/api/workspaces/{id}")
    @Operation(summary = "Delete a workspace that holds no benchmarks and no credits (owners)")
    @ApiResponse(responseCode = "204", description = "Deleted: memberships and invitations end")
    @ProblemResponse(status = "403", description = "the caller is not an owner")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    @ProblemResponse(
            status = "409",
            description =
                    "the workspace still holds benchmarks, or its account holds credits ({balance}) or owes some ({owed})")
    public ResponseEntity<Void> deleteWorkspace(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        workspaces.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/workspaces/{id}/members")
    @Operation(summary = "The members of a workspace with their roles (any member may read them); never their emails")
    @ApiResponse(
            responseCode = "200",
            description = "The members, longest-standing first",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberList.class)))
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public MemberList listMembers(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return new MemberList(workspaces.members(id, user.id()));
    }

    @PatchMapping("/api/workspaces/{id}/members/{userId}")
    @Operation(
            summary =
                    "Change a member's role or monthly spend limit (owners and admins; only owners make or unmake owners or "
                            + "set an owner's limit; the last owner stays one)",
            description =
                    "Body {role?, monthlySpendLimit?}: a field left out is not changed. monthlySpendLimit: the most of the "
                            + "workspace's credits the member's runs may hold and spend in a calendar month (UTC), a whole number "
                            + "≥ 0; null removes the limit.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = MemberChange.class))))
    @ApiResponse(
            responseCode = "200",
            description = "The member",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Workspaces.Member.class)))
    @ProblemResponse(status = "400", description = "role or monthlySpendLimit is not valid, or neither is given")
    @ProblemResponse(status = "403", description = "the caller's role may not make this change")
    @ProblemResponse(status = "404", description = "no such workspace or member")
    @ProblemResponse(status = "409", description = "this would leave the workspace without an owner")
    public Workspaces.Member changeMember(
            @PathVariable String id,
            @PathVariable String userId,
            @org.springframework.web.bind.annotation.RequestBody(required = false) JsonNode body,
            @AuthenticationPrincipal CurrentUser user) {
        // read as a tree: a limit sent as null (remove it) differs from one left out (keep it)
        JsonNode roleNode = body == null ? null : body.get("role");
        boolean limitSent = body != null && body.has("monthlySpendLimit");
        Long limit = null;
        if (limitSent && !body.get("monthlySpendLimit").isNull()) {
            JsonNode limitNode = body.get("monthlySpendLimit");
            if (!limitNode.isIntegralNumber() || !limitNode.canConvertToLong() || limitNode.asLong() < 0) {
                throw new BadRequest(
                        "The spend limit is not valid.",
                        List.of(new Violation(
                                "monthlySpendLimit",
                                "must be a whole number of credits, 0 or more, or null for none")));
            }
            limit = limitNode.asLong();
        }
        WorkspaceRole role = null;
        if (roleNode != null && roleNode.isTextual()) {
            try {
                role = WorkspaceRole.valueOf(roleNode.asText());
            } catch (IllegalArgumentException e) {
                role = null;
            }
        }
        if (role == null && (roleNode != null || !limitSent))
            throw new BadRequest(
                    "The role is not valid.", List.of(new Violation("role", "must be OWNER, ADMIN, MEMBER or VIEWER")));
        return workspaces.changeMember(id, user.id(), userId, role, limitSent, limit);
    }

    @DeleteMapping("/api/workspaces/{id}/members/{userId}")
    @Operation(summary = "Remove a member (owners and admins), or leave (yourself); access ends at once on every node")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ProblemResponse(status = "403", description = "the caller's role may not remove this member")
    @ProblemResponse(status = "404", description = "no such workspace or member")
    @ProblemResponse(status = "409", description = "this would leave the workspace without an owner")
    public ResponseEntity<Void> removeMember(
            @PathVariable String id, @PathVariable String userId, @AuthenticationPrincipal CurrentUser user) {
        workspaces.remove(id, user.id(), userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/workspaces/{id}/invitations")
    @Operation(
            summary =
                    "Invite someone by email (owners and admins); the link goes out by mail only and expires after 7 days",
            description =
                    "role: ADMIN, MEMBER or VIEWER. The token is never in the answer, in events or in logs; only its hash is kept.")
    @ApiResponse(
            responseCode = "201",
            description = "The invitation (without its token)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Workspaces.Invitation.class)))
    @ProblemResponse(status = "400", description = "email or role is not valid")
    @ProblemResponse(status = "403", description = "the caller is a member or viewer")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public ResponseEntity<Workspaces.Invitation> invite(
            @PathVariable String id,
            @RequestBody(required = false) NewInvitation body,
            @AuthenticationPrincipal CurrentUser user) {
        var invitation =
                workspaces.invite(id, user.id(), body == null ? null : body.email(), body == null ? null : body.role());
        return ResponseEntity.status(201).header("Cache-Control", "no-store").body(invitation);
    }

    @PostMapping("/api/invitations/{token}/accept")
    @Operation(summary = "Accept a workspace invitation as the signed-in caller (once, before it expires)")
    @ApiResponse(
            responseCode = "200",
            description = "The workspace joined and the caller's role in it",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Workspaces.Accepted.class)))
    @ProblemResponse(status = "404", description = "no such invitation, or it was used or has expired")
    public Workspaces.Accepted acceptInvitation(@PathVariable String token, @AuthenticationPrincipal CurrentUser user) {
        return workspaces.accept(token, user.id());
    }

    public record NewWorkspaceToken(String name, WorkspaceRole role, Instant expiresAt) {}

    public record WorkspaceTokenList(List<WorkspaceTokens.WorkspaceToken> items) {}

    @PostMapping("/api/workspaces/{id}/tokens")
    @Operation(
            summary =
                    "Issue a workspace token for CI (owners and admins): a service account that is a member with the role given",
            description =
                    "role: ADMIN, MEMBER or VIEWER; expiresAt optional, in the future. The secret is in this answer only; "
                            + "revoking the token removes its service account from the workspace.")
    @ApiResponse(
            responseCode = "201",
            description = "The token with its secret",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = WorkspaceTokens.IssuedWorkspaceToken.class)))
    @ProblemResponse(status = "400", description = "name, role or expiresAt is not valid")
    @ProblemResponse(status = "403", description = "the caller is a member or viewer")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public ResponseEntity<WorkspaceTokens.IssuedWorkspaceToken> issueWorkspaceToken(
            @PathVariable String id,
            @RequestBody(required = false) NewWorkspaceToken body,
            @AuthenticationPrincipal CurrentUser user) {
        var issued = tokens.issue(
                id,
                user.id(),
                body == null ? null : body.name(),
                body == null ? null : body.role(),
                body == null ? null : body.expiresAt());
        return ResponseEntity.status(201).header("Cache-Control", "no-store").body(issued);
    }

    @GetMapping("/api/workspaces/{id}/tokens")
    @Operation(summary = "The workspace's tokens, without their secrets (owners and admins)")
    @ApiResponse(
            responseCode = "200",
            description = "The tokens, oldest first",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = WorkspaceTokenList.class)))
    @ProblemResponse(status = "403", description = "the caller is a member or viewer")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public WorkspaceTokenList listWorkspaceTokens(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return new WorkspaceTokenList(tokens.list(id, user.id()));
    }

    @DeleteMapping("/api/workspaces/{id}/tokens/{tokenId}")
    @Operation(summary = "Revoke a workspace token (owners and admins); it stops working at once on every node")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ProblemResponse(status = "403", description = "the caller is a member or viewer")
    @ProblemResponse(status = "404", description = "no such workspace or token")
    public ResponseEntity<Void> revokeWorkspaceToken(
            @PathVariable String id, @PathVariable String tokenId, @AuthenticationPrincipal CurrentUser user) {
        tokens.revoke(id, user.id(), tokenId);
        return ResponseEntity.noContent().build();
    }
}

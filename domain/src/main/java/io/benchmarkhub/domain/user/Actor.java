package io.benchmarkhub.domain.user;

import io.benchmarkhub.domain.workspace.WorkspaceRole;
import java.util.Map;
import java.util.Objects;

/**
 * Who issues a command: the authenticated user, whether they act as an administrator, and their role in each workspace
 * they belong to (read from the database for every request, so a removal counts at once on every node).
 */
public record Actor(UserId userId, boolean admin, Map<String, WorkspaceRole> workspaces) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        workspaces = workspaces == null ? Map.of() : Map.copyOf(workspaces);
    }

    public Actor(UserId userId, boolean admin) {
        this(userId, admin, Map.of());
    }

    public static Actor user(UserId userId) {
        return new Actor(userId, false);
    }

    public boolean owns(UserId ownerId) {
        return userId.equals(ownerId);
    }

    /** The actor's role in {@code workspaceId}, or null when they are not a member. */
    public WorkspaceRole roleIn(String workspaceId) {
        return workspaceId == null ? null : workspaces.get(workspaceId);
    }

    /**
     * Whether the actor may see a private thing owned by {@code ownerId} in {@code workspaceId} (null: a personal one).
     * A workspace's private things are its members'; their creator loses them when they leave.
     */
    public boolean seesPrivate(UserId ownerId, String workspaceId) {
        return workspaceId == null ? owns(ownerId) : roleIn(workspaceId) != null;
    }

    /** Whether the actor may change or run what {@code ownerId} owns in {@code workspaceId}: its owner, or a member who is no viewer. */
    public boolean mayChange(UserId ownerId, String workspaceId) {
        if (workspaceId == null) return owns(ownerId);
        WorkspaceRole role = roleIn(workspaceId);
        return role != null && role.atLeast(WorkspaceRole.MEMBER);
    }

    /**
     * Whether the actor may schedule runs of what {@code ownerId} owns in {@code workspaceId}: its creator only, and in a
     * workspace only while they are still a member above viewer (a schedule runs with its creator's rights when it fires).
     */
    public boolean maySchedule(UserId ownerId, String workspaceId) {
        return owns(ownerId) && mayChange(ownerId, workspaceId);
    }
}

package io.benchmarkhub.domain.workspace;

/**
 * A member's role in a workspace, strongest first: owners also delete the workspace and manage its billing; admins
 * manage members, invitations and tokens; members create, edit and run; viewers read.
 */
public enum WorkspaceRole {
    OWNER,
    ADMIN,
    MEMBER,
    VIEWER;

    /** Whether this role grants at least what {@code other} grants. */
    public boolean atLeast(WorkspaceRole other) {
        return ordinal() <= other.ordinal();
    }
}

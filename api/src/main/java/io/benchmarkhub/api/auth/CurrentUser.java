package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.benchmarkhub.query.Viewer;
import java.util.Map;

/** The authenticated caller, as the security context holds it, with their role in each workspace they belong to. */
public record CurrentUser(UserId id, String handle, Role role, Map<String, WorkspaceRole> workspaces) {

    public CurrentUser {
        workspaces = workspaces == null ? Map.of() : Map.copyOf(workspaces);
    }

    public CurrentUser(UserId id, String handle, Role role) {
        this(id, handle, role, Map.of());
    }

    public Actor actor() {
        return new Actor(id, role == Role.ADMIN, workspaces);
    }

    public Viewer viewer() {
        return new Viewer(id, workspaces.keySet());
    }

    /** The viewer for a possibly anonymous caller. */
    public static Viewer viewerOf(CurrentUser user) {
        return user == null ? Viewer.ANONYMOUS : user.viewer();
    }
}

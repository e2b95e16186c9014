package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.query.Viewer;

/** The authenticated caller, as the security context holds it. */
public record CurrentUser(UserId id, String handle, Role role) {

    public Actor actor() {
        return new Actor(id, role == Role.ADMIN);
    }

    public Viewer viewer() {
        return new Viewer(id);
    }

    /** The viewer for a possibly anonymous caller. */
    public static Viewer viewerOf(CurrentUser user) {
        return user == null ? Viewer.ANONYMOUS : user.viewer();
    }
}

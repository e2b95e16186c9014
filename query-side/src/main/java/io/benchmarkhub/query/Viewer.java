package io.benchmarkhub.query;

import io.benchmarkhub.domain.user.UserId;

import java.util.Set;

/**
 * Who is reading. Anonymous viewers see public benchmarks only; a signed-in viewer also sees their own personal private
 * ones and the private ones of every workspace they are a member of. No role sees another user's personal private
 * benchmark. {@code workspaceIds} are the viewer's workspaces as read with the request (for Elasticsearch filters);
 * SQL reads membership from {@code workspace_member} itself, in the same statement.
 */
public record Viewer(UserId userId, Set<String> workspaceIds) {

    public static final Viewer ANONYMOUS = new Viewer(null);

    public Viewer {
        workspaceIds = workspaceIds == null ? Set.of() : Set.copyOf(workspaceIds);
    }

    public Viewer(UserId userId) {
        this(userId, Set.of());
    }

    /** The owner id to admit private rows for, or null (no private row matches). */
    public String ownerParam() {
        return userId == null ? null : userId.value();
    }

    /**
     * SQL condition for runs, on a table alias with {@code requested_by}, using {@code :viewer}: a run is private to the
     * user who requested it, whatever the benchmark's visibility and whatever the viewer's role.
     */
    public static String requestedBy(String alias) {
        return "(" + alias + ".requested_by = :viewer)";
    }

    /**
     * SQL condition on a table alias with {@code visibility}, {@code owner_id} and {@code workspace_id}, using the named
     * parameter {@code :viewer}: public, or a personal one of the viewer's, or one of a workspace the viewer belongs to
     * (membership as it is in this statement's snapshot, so a removal counts at once on every node).
     */
    public static String visibleTo(String alias) {
        return "(" + alias + ".visibility = 'PUBLIC' OR (" + alias + ".workspace_id IS NULL AND " + alias + ".owner_id = :viewer)"
                + " OR " + alias + ".workspace_id IN (SELECT wm.workspace_id FROM workspace_member wm WHERE wm.user_id = :viewer))";
    }
}

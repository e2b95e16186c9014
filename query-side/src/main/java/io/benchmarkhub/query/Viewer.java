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

    /** The viewer's workspaces, read in the statement itself; none for an anonymous viewer ({@code :viewer} null). */
    private static final String MEMBERSHIPS =
            "SELECT wm.workspace_id FROM workspace_member wm WHERE wm.user_id = :viewer";

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
     * SQL condition for runs, on a table alias with {@code requested_by} and {@code workspace_id}, using {@code :viewer}: a
     * personal run is private to the user who requested it, whatever the benchmark's visibility and whatever the viewer's
     * role; a workspace's run is its current members' (so its requester loses it when they leave).
     */
    public static String runVisibleTo(String alias) {
        return "((" + alias + ".workspace_id IS NULL AND " + alias + ".requested_by = :viewer) OR " + alias
                + ".workspace_id IN (" + MEMBERSHIPS + "))";
    }

    /**
     * SQL condition on a table alias with {@code visibility}, {@code owner_id} and {@code workspace_id}, using the named
     * parameter {@code :viewer}: public, or a personal one of the viewer's, or one of a workspace the viewer belongs to
     * (membership as it is in this statement's snapshot, so a removal counts at once on every node).
     */
    public static String visibleTo(String alias) {
        return "(" + alias + ".visibility = 'PUBLIC' OR (" + alias + ".workspace_id IS NULL AND " + alias
                + ".owner_id = :viewer)" + " OR " + alias + ".workspace_id IN (" + MEMBERSHIPS + "))";
    }
}

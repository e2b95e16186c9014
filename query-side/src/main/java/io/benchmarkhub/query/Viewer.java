package io.benchmarkhub.query;

import io.benchmarkhub.domain.user.UserId;

/**
 * Who is reading. Anonymous viewers see public benchmarks only; a signed-in viewer also sees
 * their own private ones. No role sees another user's private benchmark.
 */
public record Viewer(UserId userId) {

    public static final Viewer ANONYMOUS = new Viewer(null);

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

    /** SQL condition on a table alias with {@code visibility} and {@code owner_id}, using the named parameter {@code :viewer}. */
    public static String visibleTo(String alias) {
        return "(" + alias + ".visibility = 'PUBLIC' OR " + alias + ".owner_id = :viewer)";
    }
}

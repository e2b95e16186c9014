package io.benchmarkhub.domain.credits;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.benchmarkhub.domain.user.UserId;
import java.util.Objects;

/**
 * Identifies a credit account: every user has one, {@code acct_<user id>}, and every workspace one,
 * {@code acct_<workspace id>} (workspace ids start with {@value #WORKSPACE_PREFIX}).
 */
public record AccountId(String value) {

    private static final String PREFIX = "acct_";
    private static final String WORKSPACE_PREFIX = "ws_";

    @JsonCreator
    public AccountId {
        Objects.requireNonNull(value, "account id");
        if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
            throw new IllegalArgumentException("an account id looks like acct_<user id>, not " + value);
        }
    }

    public static AccountId of(UserId user) {
        return new AccountId(PREFIX + user.value());
    }

    /** The account of a workspace (docs/workspaces.md#credits): its runs reserve and are charged there. */
    public static AccountId ofWorkspace(String workspaceId) {
        if (workspaceId == null || !workspaceId.startsWith(WORKSPACE_PREFIX))
            throw new IllegalArgumentException("a workspace id looks like ws_…, not " + workspaceId);
        return new AccountId(PREFIX + workspaceId);
    }

    /** The workspace whose account this is, or null for a user's. */
    public String workspaceId() {
        String rest = value.substring(PREFIX.length());
        return rest.startsWith(WORKSPACE_PREFIX) ? rest : null;
    }

    /** The user whose account this is; meaningless for a workspace's (see {@link #workspaceId()}). */
    public UserId user() {
        return new UserId(value.substring(PREFIX.length()));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.benchmarkhub.domain.user;

import java.util.Objects;

/** Who issues a command: the authenticated user and whether they act as an administrator. */
public record Actor(UserId userId, boolean admin) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
    }

    public static Actor user(UserId userId) {
        return new Actor(userId, false);
    }

    public boolean owns(UserId ownerId) {
        return userId.equals(ownerId);
    }
}

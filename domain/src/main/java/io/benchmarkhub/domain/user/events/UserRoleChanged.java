package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An admin ({@code changedBy}) changed the user's role. */
@Revision("1")
public record UserRoleChanged(UserId userId, String previousRole, String role, UserId changedBy) implements UserEvent {}

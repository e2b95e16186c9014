package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An admin revoked every token ({@code tokens}) and ended every session ({@code sessions}) of the user. */
@Revision("1")
public record UserCredentialsRevoked(UserId userId, int tokens, int sessions, UserId revokedBy) implements UserEvent {}

package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An account was made. {@code method}: PASSWORD (sign-up form), OIDC (first sign-in with a provider), ADMIN (POST /api/users). */
@Revision("1")
public record UserSignedUp(UserId userId, String method, String role) implements UserEvent {}

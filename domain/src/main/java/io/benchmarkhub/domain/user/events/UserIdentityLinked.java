package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An OIDC identity of {@code provider} (a registration id such as github) was linked to the account. */
@Revision("1")
public record UserIdentityLinked(UserId userId, String provider) implements UserEvent {}

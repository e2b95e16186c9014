package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** The account's email address was proven by a one-time link (or by an OIDC provider that verified it). */
@Revision("1")
public record UserEmailVerified(UserId userId) implements UserEvent {}

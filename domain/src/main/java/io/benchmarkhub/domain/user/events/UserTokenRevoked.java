package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A bearer token was revoked by its owner. */
@Revision("1")
public record UserTokenRevoked(UserId userId, String tokenId) implements UserEvent {}

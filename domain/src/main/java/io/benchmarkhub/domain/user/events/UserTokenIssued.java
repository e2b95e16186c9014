package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A bearer token was created (its id only; the secret exists only in the one response that showed it). */
@Revision("1")
public record UserTokenIssued(UserId userId, String tokenId, Instant expiresAt) implements UserEvent {}

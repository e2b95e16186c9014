package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An admin enabled a disabled account again. */
@Revision("1")
public record UserEnabled(UserId userId, UserId enabledBy) implements UserEvent {}

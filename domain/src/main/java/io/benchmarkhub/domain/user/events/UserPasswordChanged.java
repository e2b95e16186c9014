package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** The password was changed by its owner ({@code reset} false) or through a reset link ({@code reset} true). */
@Revision("1")
public record UserPasswordChanged(UserId userId, boolean reset) implements UserEvent {}

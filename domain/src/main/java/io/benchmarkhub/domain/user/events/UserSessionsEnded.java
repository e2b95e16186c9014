package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** The user signed out everywhere: every browser session of theirs ({@code count}) was ended. */
@Revision("1")
public record UserSessionsEnded(UserId userId, int count) implements UserEvent {}

package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An admin disabled the account: its sessions and tokens stop working at once, on every node. */
@Revision("1")
public record UserDisabled(UserId userId, UserId disabledBy) implements UserEvent {}

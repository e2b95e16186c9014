package io.benchmarkhub.domain.user.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** The account was deleted by its owner: its personal data is erased; events keep only the id. */
@Revision("1")
public record UserDeleted(UserId userId) implements UserEvent {}

package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A workspace was created; its creator is its first owner (a {@link WorkspaceMemberAdded} follows). */
@Revision("1")
public record WorkspaceCreated(String workspaceId, UserId createdBy) implements WorkspaceEvent {}

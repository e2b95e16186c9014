package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An owner deleted the workspace: its memberships and invitations end, its benchmarks are no longer shared. */
@Revision("1")
public record WorkspaceDeleted(String workspaceId, UserId deletedBy) implements WorkspaceEvent {}

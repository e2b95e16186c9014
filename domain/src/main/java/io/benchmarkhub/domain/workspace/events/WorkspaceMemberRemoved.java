package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** A member left or was removed: their access to the workspace's private benchmarks ends at once. */
@Revision("1")
public record WorkspaceMemberRemoved(String workspaceId, UserId userId, UserId removedBy) implements WorkspaceEvent {}

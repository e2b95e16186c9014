package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import org.axonframework.serialization.Revision;

/** An owner or admin changed a member's role. */
@Revision("1")
public record WorkspaceMemberRoleChanged(String workspaceId, UserId userId, WorkspaceRole role, UserId changedBy)
        implements WorkspaceEvent {}

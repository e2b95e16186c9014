package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import org.axonframework.serialization.Revision;

/** A user joined the workspace with {@code role}: its creator, or by accepting invitation {@code invitationId}. */
@Revision("1")
public record WorkspaceMemberAdded(
        String workspaceId, UserId userId, WorkspaceRole role, String invitationId, UserId addedBy)
        implements WorkspaceEvent {}

package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import org.axonframework.serialization.Revision;

/** An invitation was mailed (the address and the token stay out of the event). */
@Revision("1")
public record WorkspaceInvitationSent(String workspaceId, String invitationId, WorkspaceRole role, UserId invitedBy)
        implements WorkspaceEvent {}

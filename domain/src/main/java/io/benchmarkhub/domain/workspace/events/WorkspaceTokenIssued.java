package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import org.axonframework.serialization.Revision;

/**
 * An admin issued a workspace token: a bearer token of the service account {@code serviceUserId}, a member with
 * {@code role} (never the token or its name).
 */
@Revision("1")
public record WorkspaceTokenIssued(
        String workspaceId, String tokenId, UserId serviceUserId, WorkspaceRole role, UserId issuedBy)
        implements WorkspaceEvent {}

package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** An admin revoked a workspace token: it stops working and its service account leaves the workspace. */
@Revision("1")
public record WorkspaceTokenRevoked(String workspaceId, String tokenId, UserId revokedBy) implements WorkspaceEvent {}

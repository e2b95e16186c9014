package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/** The workspace's name or slug changed (the values stay in the workspace row: events carry ids only). */
@Revision("1")
public record WorkspaceDetailsChanged(String workspaceId, UserId changedBy) implements WorkspaceEvent {}

package io.benchmarkhub.domain.workspace.events;

import io.benchmarkhub.domain.user.UserId;
import org.axonframework.serialization.Revision;

/**
 * An owner or admin set (or removed, {@code monthlySpendLimit} null) how many of the workspace's credits a member's runs
 * may hold and spend in a calendar month.
 */
@Revision("1")
public record WorkspaceMemberSpendLimitChanged(
        String workspaceId, UserId userId, Long monthlySpendLimit, UserId changedBy) implements WorkspaceEvent {}

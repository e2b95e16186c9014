package io.benchmarkhub.domain.workspace.events;

/**
 * What happened to a workspace and its memberships (issue 18). Stored in the event store under the workspace's id
 * (aggregate type {@code Workspace}) so the audit stream shows who changed whose access and when. They carry ids and
 * enumerations only: never an email, a name, a slug or a token.
 */
public sealed interface WorkspaceEvent
        permits WorkspaceCreated,
                WorkspaceDetailsChanged,
                WorkspaceDeleted,
                WorkspaceMemberAdded,
                WorkspaceMemberRoleChanged,
                WorkspaceMemberSpendLimitChanged,
                WorkspaceMemberRemoved,
                WorkspaceInvitationSent,
                WorkspaceTokenIssued,
                WorkspaceTokenRevoked {

    String workspaceId();
}

-- Team workspaces (issue 18, docs/workspaces.md). Workspaces, memberships and invitations are rows, like accounts; each
-- change also appends an event with ids only (aggregate type Workspace) for the audit stream.

CREATE TABLE workspace (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    slug        VARCHAR(40)  NOT NULL UNIQUE,
    created_by  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- read with every authenticated request (UserAccounts) and inside every visibility condition (Viewer.visibleTo)
CREATE TABLE workspace_member (
    workspace_id VARCHAR(64) NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    user_id      VARCHAR(64) NOT NULL,
    role         VARCHAR(16) NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    joined_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_member_user_idx ON workspace_member (user_id, workspace_id);

-- the token is mailed once; only its SHA-256 is kept
CREATE TABLE workspace_invitation (
    id           VARCHAR(64)  PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    email        VARCHAR(320) NOT NULL,
    role         VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'VIEWER')),
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    invited_by   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ  NOT NULL,
    accepted_at  TIMESTAMPTZ,
    accepted_by  VARCHAR(64)
);
CREATE INDEX workspace_invitation_workspace_idx ON workspace_invitation (workspace_id);

-- the library's listing rows learn their workspace; BenchmarkCreated revision 2 never named one that existed
-- (it is upcast to null), so every existing row belongs to no workspace
ALTER TABLE library_entry ADD COLUMN workspace_id VARCHAR(64);
UPDATE benchmark SET workspace_id = NULL WHERE workspace_id IS NOT NULL;
CREATE INDEX benchmark_workspace_idx ON benchmark (workspace_id) WHERE workspace_id IS NOT NULL;
CREATE INDEX library_entry_workspace_idx ON library_entry (workspace_id) WHERE workspace_id IS NOT NULL;

-- a member's run of their workspace's benchmark belongs to the workspace (RunRequested revision 5)
ALTER TABLE run ADD COLUMN workspace_id VARCHAR(64);
CREATE INDEX run_workspace_idx ON run (workspace_id, requested_at) WHERE workspace_id IS NOT NULL;

-- workspace tokens: each api_token of a service account that is a member of the workspace with the token's role
CREATE TABLE workspace_token (
    token_id        VARCHAR(64) PRIMARY KEY,
    workspace_id    VARCHAR(64) NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    service_user_id VARCHAR(64) NOT NULL,
    created_by      VARCHAR(64) NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX workspace_token_workspace_idx ON workspace_token (workspace_id);

-- Workspace credit accounts and per-member monthly spend limits (issue 18, docs/workspaces.md#credits). The account
-- itself is an ordinary credit account, acct_<workspace id>, in the event store and the ledger projections.

-- null: no limit
ALTER TABLE workspace_member ADD COLUMN monthly_spend_limit BIGINT CHECK (monthly_spend_limit >= 0);

-- one row per workspace run that reserved credits, written (under the member's row lock) before the account reserves
-- them; what it counts comes from the credit ledger (WorkspaceSpend)
CREATE TABLE workspace_spend (
    run_id       VARCHAR(64) PRIMARY KEY,
    workspace_id VARCHAR(64) NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    user_id      VARCHAR(64) NOT NULL,
    month        DATE        NOT NULL,
    credits      BIGINT      NOT NULL CHECK (credits > 0),
    reserved_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX workspace_spend_member_idx ON workspace_spend (workspace_id, user_id, month);

-- a workspace run's charge and release are looked up by run
CREATE INDEX credit_ledger_run_idx ON credit_ledger (run_id) WHERE run_id IS NOT NULL;

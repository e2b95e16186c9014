-- Read models of credits and finance, written by the "credit-ledger" and "finance" projections
-- (projections/finance). Like every read model they can be truncated and rebuilt by replaying the
-- event stream; provider_cost is the exception: it holds imported provider reports, not events.
-- Credits are whole numbers, money is in the minor unit of its currency, API cost in micro-dollars.

-- "credit-ledger": one line per credit event of an account, keyed by the account's aggregate
-- sequence number (a redelivered event inserts nothing). balance_after / reserved_after are the
-- previous line's plus this line's changes, so the newest line is the account's state.
CREATE TABLE credit_ledger (
    account_id            VARCHAR(80)  NOT NULL,
    seq                   BIGINT       NOT NULL,
    occurred_at           TIMESTAMPTZ  NOT NULL,
    kind                  VARCHAR(16)  NOT NULL, -- PURCHASED | GRANTED | RESERVED | CHARGED | RELEASED | REFUNDED
    balance_change        BIGINT       NOT NULL,
    reserved_change       BIGINT       NOT NULL,
    balance_after         BIGINT       NOT NULL,
    reserved_after        BIGINT       NOT NULL,
    run_id                VARCHAR(64),
    lot_id                TEXT,
    payment_id            TEXT,
    amount_minor          BIGINT,      -- paid (purchase), recognised (charge, one currency) or refunded
    currency              TEXT,
    api_cost_micros       BIGINT,
    uncovered_cost_micros BIGINT,
    lots                  JSONB,       -- a charge's lot uses [{lotId, credits, amountMinor, currency}]
    reason                TEXT,
    actor                 VARCHAR(64), -- who granted or refunded
    PRIMARY KEY (account_id, seq)
);

-- One row per account: the state after its newest ledger line (last_seq). Upserted from that line,
-- so a batch of many events of one account writes it once.
CREATE TABLE credit_account (
    account_id VARCHAR(80) PRIMARY KEY,
    balance    BIGINT      NOT NULL,
    reserved   BIGINT      NOT NULL,
    available  BIGINT      GENERATED ALWAYS AS (balance - reserved) STORED,
    last_seq   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- "finance": each charge per model and currency (ChargeAttribution: credits and revenue split across the
-- models by API cost with the largest-remainder rule, so the lines of a charge add up to it exactly).
CREATE TABLE finance_charge_line (
    account_id      VARCHAR(80) NOT NULL,
    seq             BIGINT      NOT NULL,
    model           TEXT        NOT NULL,
    currency        TEXT        NOT NULL,
    run_id          VARCHAR(64) NOT NULL,
    charged_at      TIMESTAMPTZ NOT NULL,
    credits         BIGINT      NOT NULL,
    revenue_minor   BIGINT      NOT NULL,
    api_cost_micros BIGINT      NOT NULL,
    PRIMARY KEY (account_id, seq, model, currency)
);
CREATE INDEX finance_charge_line_time_idx ON finance_charge_line (charged_at);

-- "finance": how each run is billed (RunRequested), so only CREDITS runs' provider calls are recorded below.
CREATE TABLE finance_run (
    run_id  VARCHAR(64) PRIMARY KEY,
    billing VARCHAR(16) NOT NULL
);

-- "finance": every provider generation a CREDITS run paid for with our keys: candidate answers and each
-- judge call (non-simulated). A generation id recorded twice keeps the row of the smallest run id, first
-- recorded, whatever order the events arrive in.
CREATE TABLE finance_generation (
    generation_id TEXT        PRIMARY KEY,
    run_id        VARCHAR(64) NOT NULL,
    model         TEXT        NOT NULL,
    kind          VARCHAR(8)  NOT NULL, -- ANSWER | JUDGE
    cost_micros   BIGINT      NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX finance_generation_time_idx ON finance_generation (recorded_at);

-- What the providers report they charged per generation (POST /api/finance/provider-costs). Not a
-- projection: a replay leaves it alone. Importing a generation again replaces its row.
CREATE TABLE provider_cost (
    generation_id TEXT        PRIMARY KEY,
    cost_micros   BIGINT      NOT NULL CHECK (cost_micros >= 0),
    generated_at  TIMESTAMPTZ, -- the provider's time of the call, when the report gives one
    imported_at   TIMESTAMPTZ NOT NULL,
    source        TEXT        NOT NULL
);
CREATE INDEX provider_cost_time_idx ON provider_cost ((COALESCE(generated_at, imported_at)));

-- Plans and Stripe subscriptions (issue 18, docs/plans.md, ADR 0039). A subscription is a row holding the state Stripe
-- last reported; each change also appends an event of ids and integer cents (aggregate type Subscription) in the same
-- transaction. subscription_change keeps every state with its Stripe time, for MRR per day; stripe_event makes the
-- webhook idempotent on Stripe's event id across nodes.

CREATE TABLE stripe_event (
    id          VARCHAR(255) PRIMARY KEY,
    type        VARCHAR(100) NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE subscription (
    id                 VARCHAR(255) PRIMARY KEY,
    subscriber_type    VARCHAR(16)  NOT NULL CHECK (subscriber_type IN ('USER', 'WORKSPACE')),
    subscriber_id      VARCHAR(64)  NOT NULL,
    plan               VARCHAR(16)  NOT NULL CHECK (plan IN ('PRO', 'TEAM')),
    status             VARCHAR(32)  NOT NULL,
    mrr_minor          BIGINT       NOT NULL CHECK (mrr_minor >= 0),
    currency           VARCHAR(3)   NOT NULL,
    current_period_end TIMESTAMPTZ,
    past_due_since     TIMESTAMPTZ,
    -- the Stripe time (event.created) of the last event applied: an older event, delivered late, changes nothing
    last_event_at      TIMESTAMPTZ  NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX subscription_subscriber_idx ON subscription (subscriber_type, subscriber_id);

CREATE TABLE subscription_change (
    seq             BIGSERIAL    PRIMARY KEY,
    subscription_id VARCHAR(255) NOT NULL,
    subscriber_type VARCHAR(16)  NOT NULL,
    subscriber_id   VARCHAR(64)  NOT NULL,
    plan            VARCHAR(16)  NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    mrr_minor       BIGINT       NOT NULL,
    currency        VARCHAR(3)   NOT NULL,
    at              TIMESTAMPTZ  NOT NULL,
    stripe_event_id VARCHAR(255) NOT NULL
);
CREATE INDEX subscription_change_at_idx ON subscription_change (at, subscription_id);

CREATE TABLE subscription_payment (
    invoice_id      VARCHAR(255) PRIMARY KEY,
    subscription_id VARCHAR(255) NOT NULL,
    amount_minor    BIGINT       NOT NULL CHECK (amount_minor >= 0),
    currency        VARCHAR(3)   NOT NULL,
    paid_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX subscription_payment_paid_idx ON subscription_payment (paid_at);

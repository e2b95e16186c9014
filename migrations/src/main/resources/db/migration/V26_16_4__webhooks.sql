-- Outgoing webhooks (issue 16, docs/webhooks.md). The URL and the signing secret live only here: the Webhook events
-- carry ids. A webhook's deliveries are an outbox, one row per (webhook, notification) whichever node writes it, claimed
-- by the senders of all nodes with FOR UPDATE SKIP LOCKED and a lease, so each is sent by one node at a time.
CREATE TABLE webhook (
    id              VARCHAR(64)  PRIMARY KEY,
    owner_id        VARCHAR(64)  NOT NULL,
    url             TEXT         NOT NULL,
    secret          VARCHAR(128) NOT NULL,
    events          TEXT[]       NOT NULL,
    benchmark_id    VARCHAR(64),
    slack           BOOLEAN      NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    failing_since   TIMESTAMPTZ,
    disabled_at     TIMESTAMPTZ
);
CREATE INDEX webhook_owner_idx ON webhook (owner_id, created_at);

-- A notification, once: its id is what receivers dedupe on. body is the JSON every webhook gets (ids and numbers only),
-- summary the one line a Slack webhook gets as its text.
CREATE TABLE webhook_event (
    id           VARCHAR(64)  PRIMARY KEY,
    type         VARCHAR(64)  NOT NULL,
    owner_id     VARCHAR(64)  NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    body         TEXT         NOT NULL,
    summary      TEXT         NOT NULL
);

-- status PENDING (next_attempt_at: when it is due, or when a sender's lease ends), DELIVERED or FAILED.
CREATE TABLE webhook_delivery (
    id               BIGSERIAL    PRIMARY KEY,
    webhook_id       VARCHAR(64)  NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id         VARCHAR(64)  NOT NULL REFERENCES webhook_event (id),
    status           VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    attempts         INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';

-- Every attempt: its HTTP status, or the class of error when there was no answer.
CREATE TABLE webhook_attempt (
    delivery_id  BIGINT       NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt      INTEGER      NOT NULL,
    attempted_at TIMESTAMPTZ  NOT NULL,
    http_status  INTEGER,
    error        VARCHAR(64),
    duration_ms  BIGINT       NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

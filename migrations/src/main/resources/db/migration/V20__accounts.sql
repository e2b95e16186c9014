-- Accounts (issue 13, docs/accounts.md, ADR 0022): people sign up and sign in with a password or OIDC, browsers hold
-- a session (Spring Session JDBC, so any instance serves any session), scripts keep bearer tokens. Personal data lives
-- only in these tables, never in events: deleting an account blanks it here and the events keep their ids.

ALTER TABLE app_user
    ADD COLUMN email             VARCHAR(320),
    ADD COLUMN email_verified_at TIMESTAMPTZ,
    ADD COLUMN password_hash     VARCHAR(255),
    ADD COLUMN password_changed_at TIMESTAMPTZ,
    ADD COLUMN disabled_at       TIMESTAMPTZ,
    ADD COLUMN deleted_at        TIMESTAMPTZ;
-- one account per address, compared without case (addresses are stored as given, lower-cased)
CREATE UNIQUE INDEX app_user_email_key ON app_user (email);

-- a token's name was already there; now an optional expiry and when it was last used
ALTER TABLE api_token
    ADD COLUMN expires_at   TIMESTAMPTZ,
    ADD COLUMN last_used_at TIMESTAMPTZ;

-- One-time tokens (email verification, password reset, invitations): only the SHA-256 of the secret is stored.
CREATE TABLE one_time_token (
    token_hash  CHAR(64)     PRIMARY KEY,
    purpose     VARCHAR(32)  NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD', 'INVITE')),
    user_id     VARCHAR(64)  REFERENCES app_user (id),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ  NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX one_time_token_user_idx ON one_time_token (user_id);

-- Mail waits here until an SMTP server took it; a failed send is retried later, so an outage loses nothing.
CREATE TABLE mail_outbox (
    id            BIGSERIAL    PRIMARY KEY,
    recipient     VARCHAR(320) NOT NULL,
    subject       VARCHAR(300) NOT NULL,
    body          TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    attempts      INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Failed sign-ins per account name and per client address, shared by every instance. A key is blocked until
-- blocked_until; the block doubles with each further failure.
CREATE TABLE login_throttle (
    throttle_key    VARCHAR(400) PRIMARY KEY,
    failures        INT          NOT NULL,
    last_failure_at TIMESTAMPTZ  NOT NULL,
    blocked_until   TIMESTAMPTZ
);

-- OIDC identities linked to an account: (issuer, subject) is the provider's stable id of the person.
CREATE TABLE user_identity (
    provider    VARCHAR(64)  NOT NULL,
    subject     VARCHAR(255) NOT NULL,
    user_id     VARCHAR(64)  NOT NULL REFERENCES app_user (id),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identity_user_idx ON user_identity (user_id);

-- Spring Session JDBC (the schema spring-session-jdbc ships for PostgreSQL).
CREATE TABLE spring_session (
    primary_id            CHAR(36) NOT NULL,
    session_id            CHAR(36) NOT NULL,
    creation_time         BIGINT   NOT NULL,
    last_access_time      BIGINT   NOT NULL,
    max_inactive_interval INT      NOT NULL,
    expiry_time           BIGINT   NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id) REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

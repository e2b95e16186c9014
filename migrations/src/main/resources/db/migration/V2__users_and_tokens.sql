-- Users and personal API tokens are ordinary tables, not event-sourced. Tokens are stored only
-- as SHA-256 hashes: a leaked table lets nobody in.

CREATE TABLE app_user (
    id           VARCHAR(64)  PRIMARY KEY,
    handle       VARCHAR(64)  NOT NULL,
    display_name VARCHAR(200) NOT NULL,
    role         VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'ANALYST', 'USER')),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT app_user_handle_key UNIQUE (handle)
);

CREATE TABLE api_token (
    id           VARCHAR(64)  PRIMARY KEY,
    user_id      VARCHAR(64)  NOT NULL REFERENCES app_user (id),
    name         VARCHAR(200) NOT NULL,
    token_hash   CHAR(64)     NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT api_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

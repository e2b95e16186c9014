-- Catalogue history (issue 16): every change the model catalogue sync finds, one row per ModelCatalogue event, written
-- in the transaction that appends the event and replaces the provider's list (read by GET /api/models/changes).
CREATE TABLE model_catalogue_change (
    id                                            BIGSERIAL    PRIMARY KEY,
    event_id                                      VARCHAR(255) NOT NULL UNIQUE,
    kind                                          VARCHAR(32)  NOT NULL,
    provider                                      VARCHAR(64)  NOT NULL,
    model_id                                      VARCHAR(255) NOT NULL,
    vendor                                        VARCHAR(255) NOT NULL,
    initial                                       BOOLEAN      NOT NULL DEFAULT FALSE,
    previous_prompt_micros_per_million_tokens     BIGINT,
    previous_completion_micros_per_million_tokens BIGINT,
    previous_context_length                       INTEGER,
    prompt_micros_per_million_tokens              BIGINT,
    completion_micros_per_million_tokens          BIGINT,
    context_length                                INTEGER,
    changed_at                                    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX model_catalogue_change_changed_at ON model_catalogue_change (changed_at, id);

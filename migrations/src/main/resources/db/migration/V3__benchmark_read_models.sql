-- Read models of the benchmark lifecycle, written by the projections module. Each can be
-- truncated and rebuilt by replaying the event stream from position 0.

-- benchmark-detail: the current state of each benchmark. last_seq is the aggregate sequence
-- number of the last event applied; an event at or below it is a redelivery and changes nothing.
CREATE TABLE benchmark (
    id                  VARCHAR(64)  PRIMARY KEY,
    owner_id            VARCHAR(64)  NOT NULL,
    workspace_id        VARCHAR(64),
    title               TEXT         NOT NULL,
    description         TEXT,
    tags                JSONB        NOT NULL DEFAULT '[]',
    category            TEXT,
    visibility          VARCHAR(16)  NOT NULL,
    version             BIGINT       NOT NULL,
    content_hash        VARCHAR(80)  NOT NULL,
    prompt_template     TEXT,
    graders             JSONB        NOT NULL DEFAULT '[]',
    decision_criteria   JSONB        NOT NULL DEFAULT '[]',
    case_count          INTEGER      NOT NULL DEFAULT 0,
    forked_from_id      VARCHAR(64),
    forked_from_version BIGINT,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    last_seq            BIGINT       NOT NULL
);
CREATE INDEX benchmark_owner_idx ON benchmark (owner_id);

-- benchmark-detail: every case in every version it existed in: [valid_from, valid_to) in
-- benchmark versions; the current cases have valid_to NULL. Any version's cases are
-- "valid_from <= v AND (valid_to IS NULL OR valid_to > v)".
CREATE TABLE benchmark_case (
    benchmark_id VARCHAR(64)  NOT NULL,
    case_id      VARCHAR(100) NOT NULL,
    valid_from   BIGINT       NOT NULL,
    valid_to     BIGINT,
    ordinal      BIGINT       NOT NULL,
    input        JSONB        NOT NULL,
    expected     JSONB,
    tags         JSONB        NOT NULL DEFAULT '[]',
    metadata     JSONB,
    PRIMARY KEY (benchmark_id, case_id, valid_from)
);
CREATE INDEX benchmark_case_current_idx ON benchmark_case (benchmark_id, ordinal) WHERE valid_to IS NULL;

-- benchmark-detail: one row per version with everything but the cases, as it stood then.
CREATE TABLE benchmark_version (
    benchmark_id      VARCHAR(64) NOT NULL,
    version           BIGINT      NOT NULL,
    title             TEXT        NOT NULL,
    description       TEXT,
    tags              JSONB       NOT NULL,
    category          TEXT,
    visibility        VARCHAR(16) NOT NULL,
    content_hash      VARCHAR(80) NOT NULL,
    prompt_template   TEXT,
    graders           JSONB       NOT NULL,
    decision_criteria JSONB       NOT NULL,
    case_count        INTEGER     NOT NULL,
    changed_by        VARCHAR(64) NOT NULL,
    changed_at        TIMESTAMPTZ NOT NULL,
    changes           JSONB       NOT NULL DEFAULT '[]',
    PRIMARY KEY (benchmark_id, version)
);

-- benchmark-forks: one edge per fork; the tree is walked with a recursive query.
CREATE TABLE benchmark_fork (
    fork_id        VARCHAR(64) PRIMARY KEY,
    source_id      VARCHAR(64) NOT NULL,
    source_version BIGINT      NOT NULL,
    owner_id       VARCHAR(64) NOT NULL,
    forked_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX benchmark_fork_source_idx ON benchmark_fork (source_id);

-- library: one row per benchmark with what a library listing shows and filters on. The
-- "Library search" projection indexes from the same events.
CREATE TABLE library_entry (
    id                    VARCHAR(64) PRIMARY KEY,
    title                 TEXT        NOT NULL,
    description           TEXT,
    tags                  JSONB       NOT NULL DEFAULT '[]',
    category              TEXT,
    owner_id              VARCHAR(64) NOT NULL,
    visibility            VARCHAR(16) NOT NULL,
    case_count            INTEGER     NOT NULL DEFAULT 0,
    run_count             INTEGER     NOT NULL DEFAULT 0,
    verified              BOOLEAN     NOT NULL DEFAULT FALSE,
    contamination_flagged BOOLEAN     NOT NULL DEFAULT FALSE,
    top_model             TEXT,
    top_score             DOUBLE PRECISION,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    last_seq              BIGINT      NOT NULL
);
CREATE INDEX library_entry_visible_idx ON library_entry (visibility, updated_at DESC);
CREATE INDEX library_entry_owner_idx ON library_entry (owner_id);
CREATE INDEX library_entry_tags_idx ON library_entry USING GIN (tags);

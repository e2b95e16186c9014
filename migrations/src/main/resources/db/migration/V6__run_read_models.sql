-- Read models of runs, written by the "runs" projection (projections/run/RunProjection).
-- Like every read model they can be truncated and rebuilt by replaying the event stream.
-- Counts (progress, failed calls) and statistics are computed when read, never stored as
-- counters, so an event delivered twice cannot count twice.

-- One row per run: what RunRequested pinned, where the run is, and how it ended. last_seq is
-- the aggregate sequence number of the last run-level event applied (requested, started,
-- completed, failed, cancelled, timed out); a redelivered one changes nothing.
CREATE TABLE run (
    id                VARCHAR(64)  PRIMARY KEY,
    benchmark_id      VARCHAR(64)  NOT NULL,
    benchmark_version BIGINT       NOT NULL,
    content_hash      VARCHAR(80)  NOT NULL,
    requested_by      VARCHAR(64)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    models            JSONB        NOT NULL,
    simulated_models  JSONB        NOT NULL DEFAULT '[]',
    repeats           INTEGER      NOT NULL,
    billing           VARCHAR(16)  NOT NULL,
    params            JSONB,
    case_ids          JSONB        NOT NULL,
    graders           JSONB        NOT NULL,
    judge_panels      JSONB        NOT NULL DEFAULT '[]',
    decision_criteria JSONB        NOT NULL DEFAULT '[]',
    trigger           TEXT,
    timeout_seconds   BIGINT       NOT NULL,
    trial_count       BIGINT       NOT NULL,
    requested_at      TIMESTAMPTZ  NOT NULL,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    failure_reason    TEXT,
    cancelled_by      VARCHAR(64),
    summaries         JSONB,
    judge_agreement   DOUBLE PRECISION,
    last_seq          BIGINT       NOT NULL
);
-- A run is visible to its requester only, so every list filters on requested_by first; newest first.
CREATE INDEX run_requester_idx ON run (requested_by, requested_at DESC, id DESC);
CREATE INDEX run_requester_benchmark_idx ON run (requested_by, benchmark_id, requested_at DESC, id DESC);
CREATE INDEX run_requester_status_idx ON run (requested_by, status, requested_at DESC, id DESC);

-- One row per trial (case × model × repeat). The model's answer or its failed call settles it
-- (outcome ANSWERED | FAILED; NULL while only grades are known); GradeRecorded fills grades.
-- Each event upserts only its own columns, so the order they arrive in does not matter.
CREATE TABLE run_trial (
    run_id            VARCHAR(64)  NOT NULL,
    model             TEXT         NOT NULL,
    case_id           VARCHAR(100) NOT NULL,
    repeat            INTEGER      NOT NULL,
    outcome           VARCHAR(16),
    output            TEXT,
    latency_ms        BIGINT,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    cost_micros       BIGINT,
    generation_id     TEXT,
    simulated         BOOLEAN,
    attempts          INTEGER,
    failure_kind      TEXT,
    failure_reason    TEXT,
    http_status       INTEGER,
    grades            JSONB,
    settled_at        TIMESTAMPTZ,
    PRIMARY KEY (run_id, model, case_id, repeat)
);
-- results?caseId= without a model
CREATE INDEX run_trial_case_idx ON run_trial (run_id, case_id);

-- One row per judge verdict: a judge of the LLM-judge grader at grader_index on one trial.
-- score NULL = a failed verdict (failure says why).
CREATE TABLE run_verdict (
    run_id          VARCHAR(64)      NOT NULL,
    model           TEXT             NOT NULL,
    case_id         VARCHAR(100)     NOT NULL,
    repeat          INTEGER          NOT NULL,
    grader_index    INTEGER          NOT NULL,
    judge_model     TEXT             NOT NULL,
    score           DOUBLE PRECISION,
    rationale       TEXT,
    failure         TEXT,
    self_preference BOOLEAN          NOT NULL,
    cost_micros     BIGINT           NOT NULL,
    generation_id   TEXT,
    attempts        INTEGER          NOT NULL,
    recorded_at     TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (run_id, model, case_id, repeat, grader_index, judge_model)
);

-- A person's grade of a model's answers to a case; their later grade replaces it (seq guards the order).
CREATE TABLE run_human_grade (
    run_id    VARCHAR(64)      NOT NULL,
    model     TEXT             NOT NULL,
    case_id   VARCHAR(100)     NOT NULL,
    graded_by VARCHAR(64)      NOT NULL,
    score     DOUBLE PRECISION NOT NULL,
    comment   TEXT,
    graded_at TIMESTAMPTZ      NOT NULL,
    seq       BIGINT           NOT NULL,
    PRIMARY KEY (run_id, model, case_id, graded_by)
);

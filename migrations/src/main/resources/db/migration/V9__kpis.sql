-- Facts the KPIs are computed from (projections/kpi/KpiProjection), each stamped with its event's time so a replay
-- gives the same figures. The figures themselves are computed at query time (domain/kpi/Kpis); docs/leaderboards.md.

-- One row per run: its request, its end (the first end event), and whether any model call failed.
CREATE TABLE kpi_run (
    run_id           VARCHAR(64) PRIMARY KEY,
    requested_by     VARCHAR(64) NOT NULL,
    requested_at     TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ,
    end_status       VARCHAR(16),
    had_call_failure BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX kpi_run_requested_idx ON kpi_run (requested_at);
CREATE INDEX kpi_run_ended_idx ON kpi_run (ended_at);
CREATE INDEX kpi_run_user_idx ON kpi_run (requested_by, requested_at);

-- Each UTC day on which a real (not simulated) model answered at least once.
CREATE TABLE kpi_model_day (
    model TEXT        NOT NULL,
    day   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (day, model)
);

-- Each benchmark that was ever public, from when it first was (created or forked public, or first published).
CREATE TABLE kpi_public_benchmark (
    benchmark_id VARCHAR(64) PRIMARY KEY,
    public_since TIMESTAMPTZ NOT NULL
);

-- Each fork, public or private, by anyone.
CREATE TABLE kpi_fork (
    fork_id   VARCHAR(64) PRIMARY KEY,
    source_id VARCHAR(64) NOT NULL,
    forked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX kpi_fork_source_idx ON kpi_fork (source_id, forked_at);

-- Successful judge verdicts (score not null), one per (trial, grader, judge) as the Run aggregate records them.
CREATE TABLE kpi_verdict (
    run_id       VARCHAR(64)      NOT NULL,
    case_id      VARCHAR(128)     NOT NULL,
    model        TEXT             NOT NULL,
    repeat       INTEGER          NOT NULL,
    grader_index INTEGER          NOT NULL,
    judge_model  TEXT             NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, case_id, model, repeat, grader_index, judge_model)
);

-- Each person's latest human grade of a (run, case, model); seq is the run event's sequence number, so a redelivered
-- older grade never replaces a newer one.
CREATE TABLE kpi_human_grade (
    run_id    VARCHAR(64)      NOT NULL,
    case_id   VARCHAR(128)     NOT NULL,
    model     TEXT             NOT NULL,
    graded_by VARCHAR(64)      NOT NULL,
    score     DOUBLE PRECISION NOT NULL,
    graded_at TIMESTAMPTZ      NOT NULL,
    seq       BIGINT           NOT NULL,
    PRIMARY KEY (run_id, case_id, model, graded_by)
);

-- Each run's credit charge (an account charges a run once): its API cost and the usd revenue its lots recognised.
CREATE TABLE kpi_charge (
    run_id            VARCHAR(64) PRIMARY KEY,
    charged_at        TIMESTAMPTZ NOT NULL,
    api_cost_micros   BIGINT      NOT NULL,
    usd_revenue_minor BIGINT      NOT NULL
);
CREATE INDEX kpi_charge_at_idx ON kpi_charge (charged_at);

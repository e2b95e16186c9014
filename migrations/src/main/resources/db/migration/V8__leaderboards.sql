-- Read models of the leaderboards (projections/leaderboard/LeaderboardProjection). Rebuilt by replay like every
-- read model. See docs/leaderboards.md for how they are read.

-- What RunRequested pinned, kept until the run completes (a leaderboard never needs the rest of the run).
CREATE TABLE leaderboard_run (
    run_id            VARCHAR(64) PRIMARY KEY,
    benchmark_id      VARCHAR(64) NOT NULL,
    benchmark_version BIGINT      NOT NULL,
    content_hash      VARCHAR(80) NOT NULL,
    requested_by      VARCHAR(64) NOT NULL,
    case_count        INTEGER     NOT NULL
);

-- One row per model of a COMPLETED run: its summary as RunCompleted recorded it. A completed run never changes, so
-- the row is inserted once (ON CONFLICT DO NOTHING). completed_at is the RunCompleted event's time, so "latest"
-- is the same after a replay.
CREATE TABLE leaderboard_result (
    run_id               VARCHAR(64)      NOT NULL,
    model                TEXT             NOT NULL,
    benchmark_id         VARCHAR(64)      NOT NULL,
    benchmark_version    BIGINT           NOT NULL,
    content_hash         VARCHAR(80)      NOT NULL,
    requested_by         VARCHAR(64)      NOT NULL,
    simulated            BOOLEAN          NOT NULL,
    case_count           INTEGER          NOT NULL,
    score                DOUBLE PRECISION,
    score_low            DOUBLE PRECISION,
    score_high           DOUBLE PRECISION,
    pass_rate            DOUBLE PRECISION,
    cost_per_case_micros BIGINT           NOT NULL,
    latency_p95_ms       DOUBLE PRECISION,
    completed_at         TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (run_id, model)
);
-- A benchmark's leaderboard: its results on one content, each model's latest first.
CREATE INDEX leaderboard_result_board_idx ON leaderboard_result (benchmark_id, content_hash, model, completed_at DESC, run_id DESC);

-- One row per ContaminationSuspected: raised once per (benchmark, model) by the aggregate.
CREATE TABLE contamination_flag (
    benchmark_id           VARCHAR(64)      NOT NULL,
    model                  TEXT             NOT NULL,
    benchmark_version      BIGINT           NOT NULL,
    observed               DOUBLE PRECISION NOT NULL,
    expected               DOUBLE PRECISION NOT NULL,
    sigma                  DOUBLE PRECISION NOT NULL,
    z_score                DOUBLE PRECISION NOT NULL,
    n_cases                INTEGER          NOT NULL,
    n_benchmarks_for_model INTEGER          NOT NULL,
    n_models_for_benchmark INTEGER          NOT NULL,
    raised_at              TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (benchmark_id, model)
);

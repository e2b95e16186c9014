-- Run schedules (issue 16). A row per schedule; next_fire_at is claimed by one node per fire (SELECT … FOR UPDATE
-- SKIP LOCKED, then moved on), and schedule_fire's key makes a second run for one fire time impossible.
CREATE TABLE run_schedule (
    id                 VARCHAR(64)  PRIMARY KEY,
    benchmark_id       VARCHAR(64)  NOT NULL,
    owner_id           VARCHAR(64)  NOT NULL,
    cron               VARCHAR(255) NOT NULL,
    time_zone          VARCHAR(64)  NOT NULL,
    models             TEXT[]       NOT NULL,
    repeats            INTEGER      NOT NULL,
    billing            VARCHAR(16)  NOT NULL,
    monthly_credit_cap BIGINT,
    misfire_policy     VARCHAR(16)  NOT NULL,
    paused             BOOLEAN      NOT NULL DEFAULT FALSE,
    next_fire_at       TIMESTAMPTZ,
    created_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX run_schedule_due ON run_schedule (next_fire_at) WHERE NOT paused;
CREATE INDEX run_schedule_benchmark ON run_schedule (benchmark_id);

CREATE TABLE schedule_fire (
    schedule_id      VARCHAR(64)  NOT NULL REFERENCES run_schedule (id) ON DELETE CASCADE,
    fire_time        TIMESTAMPTZ  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    run_id           VARCHAR(64),
    late             BOOLEAN      NOT NULL DEFAULT FALSE,
    reserved_credits BIGINT,
    reason           VARCHAR(32),
    detail           TEXT,
    recorded_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule_id, fire_time)
);

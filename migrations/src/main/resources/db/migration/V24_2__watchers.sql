-- Watchers (issue 16): "when a matching model appears, run my benchmarks on it against my production model".
-- watcher_run's key makes a second run for one (watcher, model, benchmark) impossible, whichever node reacts.
CREATE TABLE watcher (
    id                  VARCHAR(64)  PRIMARY KEY,
    owner_id            VARCHAR(64)  NOT NULL,
    provider_pattern    VARCHAR(255),
    vendor_pattern      VARCHAR(255),
    max_prompt_micros   BIGINT,
    min_context_length  INTEGER,
    benchmark_ids       TEXT[]       NOT NULL,
    production_model    VARCHAR(255) NOT NULL,
    billing             VARCHAR(16)  NOT NULL,
    monthly_credit_cap  BIGINT,
    after_change_id     BIGINT       NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL
);

CREATE TABLE watcher_run (
    watcher_id       VARCHAR(64)  NOT NULL REFERENCES watcher (id) ON DELETE CASCADE,
    model_id         VARCHAR(255) NOT NULL,
    benchmark_id     VARCHAR(64)  NOT NULL,
    change_id        BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    run_id           VARCHAR(64),
    reserved_credits BIGINT,
    reason           VARCHAR(32),
    detail           TEXT,
    recorded_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (watcher_id, model_id, benchmark_id)
);

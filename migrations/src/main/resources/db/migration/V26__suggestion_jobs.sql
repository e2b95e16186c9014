-- Test-case suggestions (docs/suggestions.md): the suggestion jobs of each benchmark, written in the transaction that
-- records the job's first event, so that a benchmark's suggestions can be listed. Everything else about a job
-- (its suggestions, counts, decisions) is read from its own events.
CREATE TABLE suggestion_job (
    job_id       VARCHAR(64)  PRIMARY KEY,
    benchmark_id VARCHAR(64)  NOT NULL,
    requested_by VARCHAR(64)  NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX suggestion_job_benchmark_idx ON suggestion_job (benchmark_id, requested_by, requested_at);

-- Known failure modes (issue 16, docs/runs.md): written by the runs projection, one row per FailureModeTagged event
-- (keyed by the run and the event's sequence number, so a redelivered event writes nothing). A benchmark's failure
-- modes are these rows grouped by (benchmark_id, name_key) when read: cases are the union, the note the latest one,
-- "first seen" the earliest row.
CREATE TABLE failure_mode_tag (
    run_id       VARCHAR(64)  NOT NULL,
    seq          BIGINT       NOT NULL,
    benchmark_id VARCHAR(64)  NOT NULL,
    name         TEXT         NOT NULL,
    name_key     TEXT         NOT NULL,
    note         TEXT,
    case_ids     JSONB        NOT NULL,
    model        TEXT,
    tagged_by    VARCHAR(64)  NOT NULL,
    tagged_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX failure_mode_tag_benchmark_idx ON failure_mode_tag (benchmark_id, name_key, tagged_at);

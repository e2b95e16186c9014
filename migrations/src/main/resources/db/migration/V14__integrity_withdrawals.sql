-- Issue 6, integrity: contamination flags can be withdrawn (ContaminationCleared by the policy, ContaminationDismissed
-- by an admin), the library shows open flags, and an admin can revoke the verified badge (BenchmarkVerificationRevoked).
-- See docs/leaderboards.md.

-- leaderboards: one row per (benchmark, model), its latest flag. status OPEN, CLEARED or DISMISSED; the withdrawal's
-- figures (CLEARED) or admin and reason (DISMISSED). A flag raised again after CLEARED overwrites the row. last_seq is
-- the benchmark aggregate's sequence number of the last event applied, so a redelivered event changes nothing.
ALTER TABLE contamination_flag
    ADD COLUMN status                         VARCHAR(16) NOT NULL DEFAULT 'OPEN',
    ADD COLUMN last_seq                       BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN withdrawn_at                   TIMESTAMPTZ,
    ADD COLUMN withdrawn_by                   VARCHAR(64),
    ADD COLUMN withdrawal_reason              TEXT,
    ADD COLUMN cleared_observed               DOUBLE PRECISION,
    ADD COLUMN cleared_expected               DOUBLE PRECISION,
    ADD COLUMN cleared_sigma                  DOUBLE PRECISION,
    ADD COLUMN cleared_z_score                DOUBLE PRECISION,
    ADD COLUMN cleared_n_cases                INTEGER,
    ADD COLUMN cleared_n_benchmarks_for_model INTEGER,
    ADD COLUMN cleared_n_models_for_benchmark INTEGER;
CREATE INDEX contamination_flag_status_idx ON contamination_flag (status, z_score DESC);

-- library: the models with an OPEN flag on the benchmark, in codepoint order (contamination_flagged = it is not empty). Filled
-- here from the flags raised so far (all open: nothing could withdraw one before this version).
ALTER TABLE library_entry ADD COLUMN flagged_models JSONB NOT NULL DEFAULT '[]';
UPDATE library_entry l
   SET flagged_models = f.models, contamination_flagged = TRUE
  FROM (SELECT benchmark_id, jsonb_agg(model ORDER BY model COLLATE "C") AS models FROM contamination_flag GROUP BY benchmark_id) f
 WHERE f.benchmark_id = l.id;

-- benchmark-detail: verification_status may now be REVOKED; when the verification last changed, and the admin's
-- reason for a revocation.
ALTER TABLE benchmark
    ADD COLUMN verification_changed_at     TIMESTAMPTZ,
    ADD COLUMN verification_revoked_reason TEXT;
CREATE INDEX benchmark_verification_idx ON benchmark (verification_status, verification_changed_at) WHERE verification_status IS NOT NULL;

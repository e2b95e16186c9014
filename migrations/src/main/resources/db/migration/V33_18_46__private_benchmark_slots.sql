-- The Free plan's private benchmarks per space, counted on the command side (docs/plans.md, ADR 0046). One row per
-- private benchmark (its slot), taken before the command that makes it private is sent, under a lock on its space's
-- row, so two creations racing on one node or two cannot both pass the limit. A space is 'user:<id>' for a personal
-- space or 'workspace:<id>'.
CREATE TABLE private_benchmark_space (
    space VARCHAR(255) PRIMARY KEY
);

CREATE TABLE private_benchmark_slot (
    benchmark_id VARCHAR(255) PRIMARY KEY,
    space        VARCHAR(255) NOT NULL REFERENCES private_benchmark_space (space),
    taken_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX private_benchmark_slot_space_idx ON private_benchmark_slot (space);

-- Existing installs start from the library's read model: it is the fold of every benchmark's visibility events, which
-- SQL cannot fold from the serialized events, and it is what the old check counted. Only a change made in the moment
-- before the upgrade that the projection had not caught up with is missed.
INSERT INTO private_benchmark_space (space)
SELECT DISTINCT CASE WHEN workspace_id IS NULL THEN 'user:' || owner_id ELSE 'workspace:' || workspace_id END
  FROM benchmark WHERE visibility = 'PRIVATE';
INSERT INTO private_benchmark_slot (benchmark_id, space)
SELECT id, CASE WHEN workspace_id IS NULL THEN 'user:' || owner_id ELSE 'workspace:' || workspace_id END
  FROM benchmark WHERE visibility = 'PRIVATE';

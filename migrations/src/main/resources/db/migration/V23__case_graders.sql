-- A case's own graders (issue 15: per-case assertions), applied after the benchmark's. NULL: the case has none, as
-- every case stored before this column existed.
ALTER TABLE benchmark_case ADD COLUMN graders JSONB;

-- Issue 12, public leaderboards that nobody can rewrite (ADR 0016, docs/leaderboards.md): the leaderboards read model
-- keeps only runs requested in the benchmark's canonical configuration (RunRequested revision 3 with no override), and
-- each model's per-case means of their completion (RunCompleted revision 2), which the boards pool.

-- Rows written before this version come from events that recorded neither (a replay writes none of them), so they go:
-- the live tables then equal a rebuild's. The runs themselves are untouched, and stay visible to their owners.
DELETE FROM leaderboard_result;
DELETE FROM leaderboard_run;

-- Each case's weight in case-id order as the run pinned them; null when every case weighs 1.
ALTER TABLE leaderboard_run ADD COLUMN case_weights DOUBLE PRECISION[];

-- case_means: RunCompleted.caseMeans of the model, in case-id order, NULL elements for cases nothing scored.
-- scored, passed: the model's scored and passed trials (the pooled pass rate).
ALTER TABLE leaderboard_result
    ADD COLUMN case_means DOUBLE PRECISION[] NOT NULL,
    ADD COLUMN scored     INTEGER            NOT NULL,
    ADD COLUMN passed     INTEGER            NOT NULL;

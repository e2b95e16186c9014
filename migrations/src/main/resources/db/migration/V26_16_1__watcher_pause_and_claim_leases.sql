-- Issue 16, continued. A watcher can be paused: it starts no runs while paused, and on resume evaluates the models that
-- appeared meanwhile (the claims below keep that to once per model and benchmark).
ALTER TABLE watcher ADD COLUMN paused BOOLEAN NOT NULL DEFAULT FALSE;

-- A claim (a schedule's fire, a watcher's (model, benchmark)) is held under a lease: a node that died after claiming no
-- longer keeps it CLAIMED forever. Another node takes an expired claim over by replacing claim_token; the run is recorded
-- only in a transaction that still finds the claimer's own token, so a slow node that lost its lease records nothing.
-- Rows claimed before this migration have no token and no lease: they are taken over at once.
ALTER TABLE schedule_fire ADD COLUMN claim_token VARCHAR(64);
ALTER TABLE schedule_fire ADD COLUMN lease_until TIMESTAMPTZ;
CREATE INDEX schedule_fire_claimed ON schedule_fire (lease_until) WHERE status = 'CLAIMED';
ALTER TABLE watcher_run ADD COLUMN claim_token VARCHAR(64);
ALTER TABLE watcher_run ADD COLUMN lease_until TIMESTAMPTZ;
CREATE INDEX watcher_run_claimed ON watcher_run (lease_until) WHERE status = 'CLAIMED';

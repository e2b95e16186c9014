-- Fair use (docs/limits.md): every run admitted for a user, with its trials, written before the run is recorded and in
-- a transaction that holds an advisory lock on the user, so the per-user limits on concurrent runs and trials per day
-- hold across any number of app instances. A run counts as running until its RunCompleted/Failed/Cancelled/TimedOut is
-- in the event store, or until its admission is older than the run timeout (a run whose node died before recording
-- it). Rows older than two days are deleted when the same user is admitted again.
CREATE TABLE run_admission (
    run_id      VARCHAR(64) PRIMARY KEY,
    user_id     VARCHAR(64) NOT NULL,
    trials      BIGINT      NOT NULL,
    admitted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX run_admission_user_idx ON run_admission (user_id, admitted_at);

-- A CREDITS run's reservation from the moment it is asked for until the run is recorded (command side,
-- command/credits/store). The launcher deletes the row in the transaction that records the run; the
-- reservation sweeper deletes it, after a grace period, in the transaction that releases the reservation of a
-- run that was never recorded (its node died in between). The row lock decides which of the two happens.
CREATE TABLE pending_reservation (
    run_id      VARCHAR(64) PRIMARY KEY,
    account_id  VARCHAR(80) NOT NULL,
    reserved_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_reservation_time_idx ON pending_reservation (reserved_at);

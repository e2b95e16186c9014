-- A BYOK run whose key was lost with its node waits SUSPENDED until its requester resumes it (ADR 0019).

-- The executors' scan leaves out runs suspended and not resumed since; like domain_event_entry_run_lifecycle, this
-- partial index keeps that from reading every event. Suspensions are rare, so it stays small.
CREATE INDEX domain_event_entry_run_suspension ON domain_event_entry (aggregate_identifier, payload_type, sequence_number)
    WHERE payload_type IN ('io.benchmarkhub.domain.run.events.RunSuspended',
                           'io.benchmarkhub.domain.run.events.RunResumed');

-- Why a run waits (the read side's run view shows it, with how to resume); NULL when it does not.
ALTER TABLE run ADD COLUMN suspended_reason TEXT;

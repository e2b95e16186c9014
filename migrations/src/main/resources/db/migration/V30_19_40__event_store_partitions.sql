-- The event store becomes a table range-partitioned by global_index (ADR 0040, docs/scaling.md): old partitions stop
-- changing, so they are vacuumed and frozen once, can move to cheaper storage, and the indexes that every append and
-- every stream poll touch stay those of the newest partition. The rows stay in one logical table: Axon, the audit
-- stream and ?asOf= read it unchanged.
--
-- PostgreSQL enforces a unique index on a partitioned table only when it contains the partition key, so
-- (aggregate_identifier, sequence_number) can no longer be a unique constraint. It was the optimistic lock between
-- app instances (ADR 0001); event_stream_head takes that role: one row per aggregate with the next sequence number it
-- may append, claimed by a trigger on every inserted event. Two appends of the same sequence queue on that row, and
-- the second finds the number taken and fails with unique_violation (23505), exactly as the unique index failed, so
-- PostgresDuplicateKeyResolver and Axon's retry see no difference.

CREATE TABLE event_stream_head (
    aggregate_identifier VARCHAR(255) PRIMARY KEY,
    next_sequence        BIGINT       NOT NULL
);

INSERT INTO event_stream_head (aggregate_identifier, next_sequence)
SELECT aggregate_identifier, max(sequence_number) + 1 FROM domain_event_entry GROUP BY aggregate_identifier;

-- Accepts an aggregate's first event (any number, as the unique index did) and then only the next number: an append
-- of a number already taken, or one that skips ahead, is refused as a duplicate. Axon appends 0, 1, 2, … per aggregate.
CREATE FUNCTION event_stream_claim() RETURNS TRIGGER
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_stream_head AS h (aggregate_identifier, next_sequence)
    VALUES (NEW.aggregate_identifier, NEW.sequence_number + 1)
    ON CONFLICT (aggregate_identifier) DO UPDATE SET next_sequence = EXCLUDED.next_sequence
        WHERE h.next_sequence = EXCLUDED.next_sequence - 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'unique_violation',
            MESSAGE = format('event %s of aggregate %s is taken', NEW.sequence_number, NEW.aggregate_identifier),
            CONSTRAINT = 'domain_event_entry_aggregate_sequence_key';
    END IF;
    RETURN NEW;
END $$;

-- The existing table becomes the first partition, holding every position issued so far.
ALTER TABLE domain_event_entry RENAME TO domain_event_entry_p0;
ALTER TABLE domain_event_entry_p0 RENAME CONSTRAINT domain_event_entry_pkey TO domain_event_entry_p0_pkey;
ALTER SEQUENCE domain_event_entry_global_index_seq OWNED BY NONE;
ALTER TABLE domain_event_entry_p0 ALTER COLUMN global_index DROP DEFAULT;
ALTER TABLE domain_event_entry_p0 DROP CONSTRAINT domain_event_entry_aggregate_sequence_key;
ALTER TABLE domain_event_entry_p0 DROP CONSTRAINT domain_event_entry_event_identifier_key;
DROP INDEX domain_event_entry_run_lifecycle;
DROP INDEX domain_event_entry_run_suspension;
DROP INDEX domain_event_entry_simple_type_idx;
DROP INDEX domain_event_entry_instant_idx;

CREATE TABLE domain_event_entry (
    global_index         BIGINT       NOT NULL DEFAULT nextval('domain_event_entry_global_index_seq'),
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    PRIMARY KEY (global_index)
) PARTITION BY RANGE (global_index);
ALTER SEQUENCE domain_event_entry_global_index_seq OWNED BY domain_event_entry.global_index;

DO $$
DECLARE
    next_position BIGINT;
BEGIN
    SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END INTO next_position
      FROM domain_event_entry_global_index_seq;
    EXECUTE format('ALTER TABLE domain_event_entry ATTACH PARTITION domain_event_entry_p0 FOR VALUES FROM (MINVALUE) TO (%s)',
                   next_position);
END $$;

-- Rows beyond the last range partition land here instead of failing: EventPartitions keeps partitions ahead of the
-- head, so this stays empty unless it has not run for a long time (it then starts the next range above these rows).
CREATE TABLE domain_event_entry_default PARTITION OF domain_event_entry DEFAULT;

-- The indexes of V1, V5, V10 and V17 on the partitioned table (each partition gets its own). The two that were unique
-- are plain: aggregate loads and the hash chain's lookups by event id still use them.
CREATE INDEX domain_event_entry_aggregate_sequence ON domain_event_entry (aggregate_identifier, sequence_number);
CREATE INDEX domain_event_entry_event_identifier ON domain_event_entry (event_identifier);
CREATE INDEX domain_event_entry_run_lifecycle ON domain_event_entry (aggregate_identifier, payload_type)
    WHERE payload_type IN ('io.benchmarkhub.domain.run.events.RunRequested',
                           'io.benchmarkhub.domain.run.events.RunCompleted',
                           'io.benchmarkhub.domain.run.events.RunFailed',
                           'io.benchmarkhub.domain.run.events.RunCancelled',
                           'io.benchmarkhub.domain.run.events.RunTimedOut');
CREATE INDEX domain_event_entry_run_suspension ON domain_event_entry (aggregate_identifier, payload_type, sequence_number)
    WHERE payload_type IN ('io.benchmarkhub.domain.run.events.RunSuspended',
                           'io.benchmarkhub.domain.run.events.RunResumed');
CREATE INDEX domain_event_entry_simple_type_idx ON domain_event_entry (audit_simple_type(payload_type), global_index);
CREATE INDEX domain_event_entry_instant_idx ON domain_event_entry (audit_instant(time_stamp), global_index);

CREATE TRIGGER domain_event_entry_claim BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION event_stream_claim();

-- Audit (docs/audit.md): the filters of GET /api/audit/events and the tamper-evident hash chain.

-- Axon writes time_stamp as ISO-8601 text with a variable number of fraction digits, so the text does not sort
-- as time does; this parses it. Immutable in fact (every stored value ends in 'Z'), so it can be indexed.
CREATE FUNCTION audit_instant(time_stamp VARCHAR) RETURNS TIMESTAMPTZ
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT time_stamp::TIMESTAMPTZ $$;

-- The simple name of an event's class (io.benchmarkhub….TestCaseAdded → TestCaseAdded), the API's "type".
CREATE FUNCTION audit_simple_type(payload_type VARCHAR) RETURNS VARCHAR
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT substring(payload_type FROM '[^.$]+$') $$;

-- aggregateId is served by the unique (aggregate_identifier, sequence_number) index of V1.
CREATE INDEX domain_event_entry_simple_type_idx ON domain_event_entry (audit_simple_type(payload_type), global_index);
CREATE INDEX domain_event_entry_instant_idx ON domain_event_entry (audit_instant(time_stamp), global_index);

-- One link per stored event, in the order the single-segment audit-chain processor received them:
-- link_hash = SHA-256(previous link_hash || canonical bytes of the stored row). Never reset or rebuilt.
CREATE TABLE event_hash_chain (
    chain_position BIGINT PRIMARY KEY,
    global_index   BIGINT NOT NULL UNIQUE,
    link_hash      BYTEA  NOT NULL
);

-- Library search on PostgreSQL: the search adapter of the embedded default (and of any deployment
-- without Elasticsearch). See docs/library-search.md for how it differs from the Elasticsearch adapter.

-- Trigram matching gives typo tolerance on titles. pg_trgm ships with PostgreSQL (and with the zonky
-- binaries of the embedded default) and is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The first case inputs (up to 5, as text) at creation or fork, searched with the lowest weight.
ALTER TABLE library_entry ADD COLUMN case_sample TEXT;

-- The full-text document, maintained by PostgreSQL itself: A title, B tags, C description, D case sample.
-- The 'simple' configuration lowercases without stemming, like the Elasticsearch mapping's standard analyzer.
ALTER TABLE library_entry ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(jsonb_to_tsvector('simple', tags, '["string"]'), 'B') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'C') ||
    setweight(to_tsvector('simple', coalesce(case_sample, '')), 'D')) STORED;

CREATE INDEX library_entry_search_idx ON library_entry USING GIN (search_document);
CREATE INDEX library_entry_title_trgm_idx ON library_entry USING GIN (title gin_trgm_ops);

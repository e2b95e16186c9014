-- benchmark-detail: the open-dataset verification (VerificationRequested, BenchmarkVerified); null until requested.
-- library_entry.verified exists since V3.
ALTER TABLE benchmark
    ADD COLUMN verification_status     VARCHAR(16),
    ADD COLUMN verification_licence    TEXT,
    ADD COLUMN verification_source_url TEXT;

-- Case weights (issue 7, TestCase.weight; events of revision 2, docs/events.md). Rows written before stay true:
-- every case stored before weights existed weighs 1, which is what the upcaster gives its revision-1 events.

-- benchmark-detail: each case version's weight.
ALTER TABLE benchmark_case ADD COLUMN weight DOUBLE PRECISION NOT NULL DEFAULT 1;

-- runs: the weights RunRequested pinned, only of the cases that do not weigh 1 (so the live score is weighted too).
ALTER TABLE run ADD COLUMN case_weights JSONB NOT NULL DEFAULT '{}';

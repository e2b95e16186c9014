-- A benchmark's named prompt templates (issue 15: prompt variants), the first being the default whose template is
-- prompt_template. NULL: the benchmark has one template, as every benchmark stored before this column existed.
ALTER TABLE benchmark ADD COLUMN prompt_variants JSONB;
ALTER TABLE benchmark_version ADD COLUMN prompt_variants JSONB;

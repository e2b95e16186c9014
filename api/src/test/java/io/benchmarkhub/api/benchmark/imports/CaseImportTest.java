package io.benchmarkhub.api.benchmark.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import org.junit.jupiter.api.Test;

class CaseImportTest {

    @Test
    void a_format_is_named_case_insensitively() {
        assertThat(Format.named("JSONL")).contains(Format.JSONL);
        assertThat(Format.named(" csv ")).contains(Format.CSV);
        assertThat(Format.named("promptfoo")).contains(Format.PROMPTFOO);
        assertThat(Format.named("xlsx")).isEmpty();
        assertThat(Format.named(null)).isEmpty();
    }

    @Test
    void a_content_type_implies_its_format_whatever_its_parameters() {
        assertThat(Format.forMediaType("application/x-ndjson")).contains(Format.JSONL);
        assertThat(Format.forMediaType("application/jsonl; charset=utf-8")).contains(Format.JSONL);
        assertThat(Format.forMediaType("Text/CSV;charset=UTF-8")).contains(Format.CSV);
        assertThat(Format.forMediaType("application/yaml")).contains(Format.PROMPTFOO);
        assertThat(Format.forMediaType("application/x-yaml")).contains(Format.PROMPTFOO);
        assertThat(Format.forMediaType("text/yaml")).contains(Format.PROMPTFOO);
        assertThat(Format.forMediaType("application/json")).isEmpty();
        assertThat(Format.forMediaType(null)).isEmpty();
    }

    @Test
    void a_file_with_any_problem_yields_no_cases() {
        var parsed = CaseImport.parse(Format.JSONL, "{\"input\": \"fine\"}\nbroken\n");

        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems()).hasSize(1);
    }
}

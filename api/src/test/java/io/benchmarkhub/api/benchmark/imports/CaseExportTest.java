package io.benchmarkhub.api.benchmark.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<TestCase> CASES = List.of(
            new TestCase(
                    "c1",
                    text("Add 2, 3\nand 4"),
                    text("9"),
                    List.of("math", "easy"),
                    json("{\"source\": \"book, p. 3\"}")),
            new TestCase(
                    "c2",
                    json("[{\"role\": \"user\", \"content\": \"Say \\\"hi\\\"\"}]"),
                    json("{\"greeting\": \"hi\"}"),
                    List.of(),
                    null),
            new TestCase("c3", text("no expected"), null, null, json("{}"), 2.5));

    @Test
    void jsonl_writes_one_compact_object_per_case_leaving_out_what_is_absent() {
        String file = CaseExport.jsonl(CASES);

        assertThat(file.split("\n", -1))
                .containsExactly(
                        "{\"id\":\"c1\",\"input\":\"Add 2, 3\\nand 4\",\"expected\":\"9\",\"tags\":[\"math\",\"easy\"],\"metadata\":{\"source\":\"book, p. 3\"}}",
                        "{\"id\":\"c2\",\"input\":[{\"role\":\"user\",\"content\":\"Say \\\"hi\\\"\"}],\"expected\":{\"greeting\":\"hi\"}}",
                        "{\"id\":\"c3\",\"input\":\"no expected\",\"metadata\":{},\"weight\":2.5}",
                        "");
    }

    @Test
    void jsonl_reads_back_as_exactly_the_same_cases() {
        var parsed = CaseImport.parse(Format.JSONL, CaseExport.jsonl(CASES));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases()).isEqualTo(CASES);
    }

    @Test
    void csv_writes_the_header_text_as_text_other_values_as_json_and_quotes_what_needs_it() {
        String file = CaseExport.csv(CASES);

        assertThat(file)
                .isEqualTo("\"id\",\"input\",\"expected\",\"tags\",\"metadata\",\"weight\"\r\n"
                        + "\"c1\",\"Add 2, 3\nand 4\",\"9\",\"math;easy\",\"{\"\"source\"\":\"\"book, p. 3\"\"}\",\"\"\r\n"
                        + "\"c2\",\"[{\"\"role\"\":\"\"user\"\",\"\"content\"\":\"\"Say \\\"\"hi\\\"\"\"\"}]\",\"{\"\"greeting\"\":\"\"hi\"\"}\",\"\",\"\",\"\"\r\n"
                        + "\"c3\",\"no expected\",\"\",\"\",\"{}\",\"2.5\"\r\n");
    }

    @Test
    void csv_reads_back_the_same_string_cases_and_non_strings_as_their_json_text() {
        var parsed = CaseImport.parse(Format.CSV, CaseExport.csv(CASES));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases().get(0)).isEqualTo(CASES.get(0));
        assertThat(parsed.cases().get(1).input().textValue())
                .isEqualTo("[{\"role\":\"user\",\"content\":\"Say \\\"hi\\\"\"}]");
        assertThat(parsed.cases().get(2)).isEqualTo(CASES.get(2));
    }

    @Test
    void formula_cells_get_one_leading_quote_that_the_import_takes_away_again() {
        for (String cell : List.of("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=x", "'", "''", "'plain")) {
            assertThat(CaseExport.formulaSafe(cell)).startsWith("'");
            assertThat(CaseExport.unescapeFormula(CaseExport.formulaSafe(cell))).isEqualTo(cell);
        }
        for (String cell : List.of("plain", "a=b", "1-2", "", "x@y")) {
            assertThat(CaseExport.formulaSafe(cell)).isEqualTo(cell);
            assertThat(CaseExport.unescapeFormula(cell)).isEqualTo(cell);
        }
    }

    private static JsonNode text(String value) {
        return JSON.getNodeFactory().textNode(value);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package io.benchmarkhub.api.benchmark.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Parsed;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import org.junit.jupiter.api.Test;

class JsonlCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reads_one_case_per_line_with_every_field() {
        Parsed parsed = parse("""
                {"id": "capital-fr", "input": "Capital of France?", "expected": "Paris", "tags": ["geo", "easy"], "metadata": {"source": "atlas"}}
                {"input": {"a": 2, "b": 3}, "expected": 5}
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases()).hasSize(2);
        TestCase first = parsed.cases().get(0);
        assertThat(first.id()).isEqualTo("capital-fr");
        assertThat(first.input().textValue()).isEqualTo("Capital of France?");
        assertThat(first.expected().textValue()).isEqualTo("Paris");
        assertThat(first.tags()).containsExactly("geo", "easy");
        assertThat(first.metadata()).isEqualTo(json("{\"source\": \"atlas\"}"));
        TestCase second = parsed.cases().get(1);
        assertThat(second.id()).isNull();
        assertThat(second.input()).isEqualTo(json("{\"a\": 2, \"b\": 3}"));
        assertThat(second.expected().intValue()).isEqualTo(5);
        assertThat(second.tags()).isEmpty();
        assertThat(second.metadata()).isNull();
    }

    @Test
    void an_openai_evals_sample_keeps_the_chat_messages_as_input_and_ideal_as_expected() {
        Parsed parsed = parse("""
                {"input": [{"role": "system", "content": "Answer with one word."}, {"role": "user", "content": "Capital of Italy?"}], "ideal": "Rome"}
                {"input": [{"role": "user", "content": "Name a primary colour"}], "ideal": ["red", "blue", "yellow"]}
                """);

        assertThat(parsed.problems()).isEmpty();
        TestCase chat = parsed.cases().get(0);
        assertThat(chat.input().isArray()).isTrue();
        assertThat(chat.input()).hasSize(2);
        assertThat(chat.input().get(1).get("content").textValue()).isEqualTo("Capital of Italy?");
        assertThat(chat.expected().textValue()).isEqualTo("Rome");
        assertThat(chat.metadata()).as("ideal is used, not kept twice").isNull();
        assertThat(parsed.cases().get(1).expected()).isEqualTo(json("[\"red\", \"blue\", \"yellow\"]"));
    }

    @Test
    void keys_a_case_has_no_field_for_land_in_metadata_merged_with_the_given_metadata() {
        Parsed parsed = parse("""
                {"input": "2+2", "expected": "4", "difficulty": 1, "source": {"book": "arithmetic"}, "metadata": {"author": "ada"}}
                {"input": "q", "expected": "a", "ideal": "also a"}
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases().get(0).metadata())
                .isEqualTo(json("{\"author\": \"ada\", \"difficulty\": 1, \"source\": {\"book\": \"arithmetic\"}}"));
        assertThat(parsed.cases().get(1).expected().textValue()).isEqualTo("a");
        assertThat(parsed.cases().get(1).metadata())
                .as("an ideal next to expected is kept")
                .isEqualTo(json("{\"ideal\": \"also a\"}"));
    }

    @Test
    void a_key_both_at_the_top_and_in_metadata_is_a_problem_not_an_overwrite() {
        Parsed parsed = parse("{\"input\": \"q\", \"source\": \"a\", \"metadata\": {\"source\": \"b\"}}\n");

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("line 1");
            assertThat(p.message()).contains("'source'");
        });
    }

    @Test
    void a_malformed_line_is_named_by_its_line_number_counting_blank_lines() {
        Parsed parsed = parse(
                "{\"input\": \"ok\"}\r\n{\"input\": \"unterminated}\r\n\r\n[1, 2]\n\"text\"\n{\"input\": \"a\", \"input\": \"b\"}\n{\"input\": \"x\"} trailing\n");

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems())
                .extracting(Violation::field)
                .containsExactly("line 2", "line 4", "line 5", "line 6", "line 7");
        assertThat(parsed.problems().get(0).message()).contains("column");
        assertThat(parsed.problems().get(1).message()).isEqualTo("must be a JSON object, not an array");
        assertThat(parsed.problems().get(2).message()).isEqualTo("must be a JSON object, not a string");
        assertThat(parsed.problems().get(3).message()).containsIgnoringCase("duplicate");
        assertThat(parsed.problemCount()).isEqualTo(5);
    }

    @Test
    void fields_of_the_wrong_shape_are_problems_of_their_line() {
        Parsed parsed = parse("""
                {"expected": "no input"}
                {"input": "q", "tags": "geo"}
                {"input": "q", "metadata": "note"}
                {"input": "q", "id": true}
                {"input": "q", "id": 17}
                """);

        assertThat(parsed.problems())
                .extracting(Violation::field)
                .containsExactly("line 1", "line 2", "line 3", "line 4");
        assertThat(parsed.problems())
                .extracting(Violation::message)
                .containsExactly(
                        "has no input", "tags must be an array of strings, not a string",
                        "metadata must be a JSON object, not a string", "id must be a string, not a boolean");
    }

    @Test
    void a_numeric_id_is_taken_as_its_digits() {
        assertThat(parse("{\"input\": \"q\", \"id\": 17}").cases().get(0).id()).isEqualTo("17");
    }

    @Test
    void at_most_fifty_problems_are_listed_but_all_are_counted() {
        Parsed parsed = parse("not json\n".repeat(73));

        assertThat(parsed.problems()).hasSize(CaseImport.MAX_PROBLEMS);
        assertThat(parsed.problemCount()).isEqualTo(73);
        assertThat(parsed.problems().get(49).field()).isEqualTo("line 50");
    }

    @Test
    void more_cases_than_a_benchmark_holds_is_a_problem() {
        Parsed parsed = parse("{\"input\": \"q\"}\n".repeat(BenchmarkRules.MAX_CASES + 1));

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("body");
            assertThat(p.message()).contains("10000");
        });
        assertThat(parse("{\"input\": \"q\"}\n".repeat(BenchmarkRules.MAX_CASES))
                        .cases())
                .hasSize(BenchmarkRules.MAX_CASES);
    }

    @Test
    void an_empty_file_or_one_of_blank_lines_is_a_problem_and_a_byte_order_mark_is_ignored() {
        assertThat(parse("").problems()).extracting(Violation::message).containsExactly("the file is empty");
        assertThat(parse("\n  \n").problems()).extracting(Violation::field).containsExactly("body");
        assertThat(parse("\uFEFF{\"input\": \"q\"}\n").cases()).hasSize(1);
    }

    private static Parsed parse(String text) {
        return CaseImport.parse(Format.JSONL, text);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package io.benchmarkhub.api.benchmark.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Parsed;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import org.junit.jupiter.api.Test;

class PromptfooCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_list_of_single_var_tests_gives_the_var_as_input_and_the_equals_value_as_expected() {
        Parsed parsed = parse("""
                - description: French capital
                  vars:
                    question: What is the capital of France?
                  assert:
                    - type: contains
                      value: Par
                    - type: equals
                      value: Paris
                - vars:
                    question: Name a prime below 4
                  assert:
                    - type: icontains
                      value: "2"
                    - type: llm-rubric
                      value: names exactly one number
                """);

        assertThat(parsed.problems()).isEmpty();
        TestCase first = parsed.cases().get(0);
        assertThat(first.input().textValue()).isEqualTo("What is the capital of France?");
        assertThat(first.expected().textValue())
                .as("equals wins over an earlier contains")
                .isEqualTo("Paris");
        assertThat(first.metadata().get("description").textValue()).isEqualTo("French capital");
        assertThat(first.metadata().get("var").textValue()).isEqualTo("question");
        assertThat(first.metadata().get("assert")).hasSize(2);
        TestCase second = parsed.cases().get(1);
        assertThat(second.expected().textValue())
                .as("else the first contains/icontains")
                .isEqualTo("2");
        assertThat(second.metadata().get("assert").get(1).get("type").textValue())
                .isEqualTo("llm-rubric");
    }

    @Test
    void a_config_with_multi_var_tests_gives_the_vars_object_as_input_and_keeps_everything_else() {
        Parsed parsed = parse("""
                description: Translation suite
                prompts: ["Translate {{text}} into {{language}}"]
                providers: [openai:gpt-4o-mini]
                tests:
                  - vars:
                      text: Good morning
                      language: German
                    assert:
                      - type: equals
                        value: Guten Morgen
                    options:
                      transform: output.trim()
                    metadata:
                      reviewer: kim
                  - vars:
                      text: Thank you
                      language: French
                      messages:
                        - role: user
                          content: hi
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases()).hasSize(2);
        TestCase first = parsed.cases().get(0);
        assertThat(first.input()).isEqualTo(json("{\"text\": \"Good morning\", \"language\": \"German\"}"));
        assertThat(first.expected().textValue()).isEqualTo("Guten Morgen");
        assertThat(first.metadata()).isEqualTo(json("""
                {"reviewer": "kim", "assert": [{"type": "equals", "value": "Guten Morgen"}],
                 "options": {"transform": "output.trim()"}}"""));
        TestCase second = parsed.cases().get(1);
        assertThat(second.input().get("messages").get(0).get("role").textValue())
                .isEqualTo("user");
        assertThat(second.expected()).isNull();
        assertThat(second.metadata()).isNull();
    }

    @Test
    void default_test_vars_and_assertions_are_merged_into_every_test_as_promptfoo_does() {
        Parsed parsed = parse("""
                defaultTest:
                  vars:
                    tone: formal
                  assert:
                    - type: not-contains
                      value: sorry
                tests:
                  - vars:
                      question: Why is the sky blue?
                  - vars:
                      question: Hi
                      tone: casual
                    assert:
                      - type: equals
                        value: Hello
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases().get(0).input())
                .isEqualTo(json("{\"tone\": \"formal\", \"question\": \"Why is the sky blue?\"}"));
        assertThat(parsed.cases().get(1).input()).isEqualTo(json("{\"tone\": \"casual\", \"question\": \"Hi\"}"));
        assertThat(parsed.cases().get(1).expected().textValue()).isEqualTo("Hello");
        assertThat(parsed.cases().get(1).metadata().get("assert"))
                .extracting(a -> a.get("type").textValue())
                .containsExactly("not-contains", "equals");
    }

    @Test
    void scalars_are_read_as_yaml_1_2_so_what_looks_like_a_date_or_a_yes_stays_text() {
        Parsed parsed = parse("""
                - vars:
                    answer: no
                    date: 2024-01-31
                    time: 12:30:00
                    mode: 0755
                    count: 3
                    ratio: 1.5
                    big: 1e3
                    flag: true
                    nothing: ~
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases().get(0).input()).isEqualTo(json("""
                {"answer": "no", "date": "2024-01-31", "time": "12:30:00", "mode": "0755", "count": 3, "ratio": 1.5,
                 "big": 1000.0, "flag": true, "nothing": null}"""));
    }

    @Test
    void yaml_anchors_and_merge_keys_work() {
        Parsed parsed = parse("""
                tests:
                  - vars: &shared
                      question: one
                    assert: &checks
                      - type: equals
                        value: "1"
                  - vars:
                      <<: *shared
                      question: two
                    assert: *checks
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases()).extracting(c -> c.input().textValue()).containsExactly("one", "two");
        assertThat(parsed.cases().get(1).expected().textValue()).isEqualTo("1");
    }

    @Test
    void tests_without_vars_or_that_are_not_objects_are_named_by_index() {
        Parsed parsed = parse("""
                tests:
                  - vars: {q: fine}
                  - description: no vars here
                  - just a string
                  - vars: [a, b]
                  - vars: {q: }
                """);

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems())
                .extracting(Violation::field)
                .containsExactly("tests[1]", "tests[2]", "tests[3]", "tests[4]");
        assertThat(parsed.problems().get(0).message()).isEqualTo("has no vars to make the input of");
    }

    @Test
    void a_yaml_syntax_error_or_a_duplicate_key_is_named_by_line() {
        Parsed broken = parse("- vars:\n    q: [unclosed\n- vars: {q: b}\n");
        assertThat(broken.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.field()).startsWith("line "));

        Parsed duplicate = parse("- vars:\n    q: a\n    q: b\n");
        assertThat(duplicate.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("line 3");
            assertThat(p.message()).containsIgnoringCase("duplicate");
        });
    }

    @Test
    void a_number_too_large_for_json_is_a_problem_of_its_test() {
        assertThat(parse("- vars: {q: ok}\n- vars: {q: 1e999}\n").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("tests[1]"));
    }

    @Test
    void a_tests_file_reference_or_a_config_without_tests_is_a_problem() {
        assertThat(parse("tests: file://tests.csv\n").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("file://tests.csv"));
        assertThat(parse("prompts: [hi]\n").problems())
                .extracting(Violation::field)
                .containsExactly("tests");
        assertThat(parse("just text\n").problems()).extracting(Violation::field).containsExactly("tests");
    }

    private static Parsed parse(String text) {
        return CaseImport.parse(Format.PROMPTFOO, text);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

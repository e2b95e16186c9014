package io.benchmarkhub.domain.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeterministicGradingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static TestCase expecting(JsonNode expected) {
        return new TestCase("c1", NODES.textNode("question"), expected, List.of(), null);
    }

    static TestCase expecting(String expected) {
        return expecting(NODES.textNode(expected));
    }

    static TestCase noExpected() {
        return expecting((JsonNode) null);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Grade grade(Grader grader, TestCase testCase, String output) {
        return DeterministicGrading.grade(grader, testCase, output);
    }

    @Nested
    class Exact {
        @Test
        void equal_after_trimming_whitespace_and_newlines_passes() {
            var grade = grade(new Grader.Exact(null, null), expecting("Paris"), "  Paris\n\t");
            assertThat(grade).isEqualTo(new Grade(1, true, "equals the expected text"));
        }

        @Test
        void a_different_case_fails_unless_ignore_case_is_set() {
            assertThat(grade(new Grader.Exact(null, null), expecting("Paris"), "PARIS")
                            .passed())
                    .isFalse();
            assertThat(grade(new Grader.Exact(null, false), expecting("Paris"), "PARIS")
                            .passed())
                    .isFalse();
            assertThat(grade(new Grader.Exact(null, true), expecting("Paris"), "PARIS")
                            .passed())
                    .isTrue();
        }

        @Test
        void ignore_case_folds_german_sharp_s_to_ss() {
            assertThat(grade(new Grader.Exact("Straße", true), noExpected(), "STRASSE")
                            .passed())
                    .isTrue();
        }

        @Test
        void precomposed_and_decomposed_accents_are_the_same_text() {
            // "café" with U+00E9 vs "cafe" + U+0301 combining acute
            assertThat(grade(new Grader.Exact("caf\u00e9", null), noExpected(), "cafe\u0301")
                            .passed())
                    .isTrue();
        }

        @Test
        void whitespace_inside_the_text_still_counts() {
            assertThat(grade(new Grader.Exact("New York", null), noExpected(), "New  York")
                            .passed())
                    .isFalse();
        }

        @Test
        void the_graders_own_value_wins_over_the_cases_expected() {
            assertThat(grade(new Grader.Exact("Lyon", null), expecting("Paris"), "Lyon")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Exact("Lyon", null), expecting("Paris"), "Paris")
                            .passed())
                    .isFalse();
        }

        @Test
        void a_non_string_expected_is_compared_as_compact_json() {
            assertThat(grade(new Grader.Exact(null, null), expecting(json("42")), "42")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Exact(null, null), expecting(json("{\"a\": [1, 2]}")), " {\"a\":[1,2]} ")
                            .passed())
                    .isTrue();
        }

        @Test
        void no_value_and_no_expected_fails_with_a_reason() {
            assertThat(grade(new Grader.Exact(null, null), noExpected(), "anything"))
                    .isEqualTo(new Grade(0, false, "no expected value"));
        }

        @Test
        void a_null_output_is_graded_as_empty_text() {
            assertThat(grade(new Grader.Exact("", null), noExpected(), null).passed())
                    .isTrue();
        }
    }

    @Nested
    class Contains {
        @Test
        void substring_passes_and_absence_fails() {
            assertThat(grade(new Grader.Contains(null, null), expecting("Paris"), "The capital is Paris.")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Contains(null, null), expecting("Paris"), "The capital is Lyon.")
                            .passed())
                    .isFalse();
        }

        @Test
        void case_matters_unless_ignored() {
            assertThat(grade(new Grader.Contains("paris", null), noExpected(), "PARIS!")
                            .passed())
                    .isFalse();
            assertThat(grade(new Grader.Contains("paris", true), noExpected(), "PARIS!")
                            .passed())
                    .isTrue();
        }

        @Test
        void finds_unicode_text_including_emoji() {
            assertThat(grade(new Grader.Contains("東京 🗼", null), noExpected(), "答え: 東京 🗼 です")
                            .passed())
                    .isTrue();
        }

        @Test
        void contains_alone_uses_the_cases_expected_and_fails_without_one() {
            assertThat(grade(new Grader.Contains(null, null), noExpected(), "x").reason())
                    .isEqualTo("no expected value");
        }
    }

    @Nested
    class Regex {
        @Test
        void finds_the_pattern_anywhere_rather_than_matching_the_whole_output() {
            var grade = grade(new Grader.Regex("\\d{3}-\\d{4}"), noExpected(), "Call 555-1234 today");
            assertThat(grade).isEqualTo(new Grade(1, true, "matches the pattern"));
        }

        @Test
        void anchors_still_work_when_the_author_wants_a_full_match() {
            assertThat(grade(new Grader.Regex("^\\d+$"), noExpected(), "123").passed())
                    .isTrue();
            assertThat(grade(new Grader.Regex("^\\d+$"), noExpected(), "123 apples")
                            .passed())
                    .isFalse();
        }

        @Test
        void the_cases_expected_is_the_pattern_when_the_grader_has_none() {
            assertThat(grade(new Grader.Regex(null), expecting("(?i)yes|no"), "YES, definitely")
                            .passed())
                    .isTrue();
        }

        @Test
        void an_expected_that_is_not_a_valid_pattern_fails_instead_of_throwing() {
            var grade = grade(new Grader.Regex(null), expecting("(unclosed"), "unclosed");
            assertThat(grade.passed()).isFalse();
            assertThat(grade.reason()).startsWith("not a valid regular expression");
        }

        @Test
        void catastrophic_backtracking_gives_up_with_a_failed_grade() {
            var grade = grade(new Grader.Regex("^(.*a){12}$"), noExpected(), "a".repeat(40) + "!");
            assertThat(grade.passed()).isFalse();
            assertThat(grade.reason()).contains("too many steps");
        }

        @Test
        void no_pattern_and_no_expected_fails() {
            assertThat(grade(new Grader.Regex(null), noExpected(), "x").reason())
                    .isEqualTo("no expected value");
        }
    }

    @Nested
    class JsonValid {
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "{\"a\": 1}",
                    "[1, 2, 3]",
                    "  \"just a string\"  ",
                    "42",
                    "null",
                    "{\"emoji\": \"\uD83D\uDE00\", \"text\": \"日本\"}",
                })
        void any_single_json_value_is_valid(String output) {
            assertThat(grade(new Grader.JsonValid(), noExpected(), output).passed())
                    .isTrue();
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "{\"a\": 1,}",
                    "{a: 1}",
                    "{'a': 1}",
                    "{\"a\": 1} trailing words",
                    "```json\n{\"a\": 1}\n```",
                    "Here you go: {\"a\": 1}",
                    "[1, 2",
                    "NaN",
                })
        void anything_else_is_invalid_including_fenced_json(String output) {
            assertThat(grade(new Grader.JsonValid(), noExpected(), output))
                    .isEqualTo(new Grade(0, false, "is not valid JSON"));
        }

        @Test
        void an_empty_or_blank_output_is_invalid() {
            assertThat(grade(new Grader.JsonValid(), noExpected(), "").passed()).isFalse();
            assertThat(grade(new Grader.JsonValid(), noExpected(), "  \n ").passed())
                    .isFalse();
        }
    }

    @Nested
    class JsonSchema {
        private final JsonNode person = json("""
                {"type": "object", "required": ["name", "age"],
                 "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
                 "additionalProperties": false}""");

        @Test
        void a_catastrophic_pattern_keyword_gives_up_like_the_regex_grader() {
            var schema = json("{\"type\": \"string\", \"pattern\": \"^(.*a){12}$\"}");
            var grade = grade(new Grader.JsonSchema(schema), noExpected(), "\"" + "a".repeat(40) + "!\"");
            assertThat(grade.passed()).isFalse();
            assertThat(grade.reason()).contains("too many steps");

            var properties = json("{\"type\": \"object\", \"patternProperties\": {\"^(.*a){12}$\": {}}}");
            assertThat(grade(new Grader.JsonSchema(properties), noExpected(), "{\"" + "a".repeat(40) + "!\": 1}")
                            .reason())
                    .contains("too many steps");
        }

        @Test
        void the_pattern_keyword_still_matches_unanchored_and_reports_violations() {
            var schema = json("{\"type\": \"string\", \"pattern\": \"\\\\d{3}\"}");
            assertThat(grade(new Grader.JsonSchema(schema), noExpected(), "\"call 555 now\"")
                            .passed())
                    .isTrue();
            var miss = grade(new Grader.JsonSchema(schema), noExpected(), "\"no digits\"");
            assertThat(miss.passed()).isFalse();
            assertThat(miss.reason()).startsWith("violates the schema");
            var invalid = grade(new Grader.JsonSchema(json("{\"pattern\": \"(unclosed\"}")), noExpected(), "\"x\"");
            assertThat(invalid.passed()).isFalse();
            assertThat(invalid.reason()).startsWith("the schema cannot be used");
        }

        @Test
        void a_conforming_document_passes() {
            var grade = grade(new Grader.JsonSchema(person), noExpected(), "{\"name\": \"Ada\", \"age\": 36}");
            assertThat(grade).isEqualTo(new Grade(1, true, "valid against the schema"));
        }

        @Test
        void violations_are_listed_in_the_reason() {
            var grade =
                    grade(new Grader.JsonSchema(person), noExpected(), "{\"name\": 7, \"age\": -1, \"extra\": true}");
            assertThat(grade.passed()).isFalse();
            assertThat(grade.reason())
                    .startsWith("violates the schema: ")
                    .contains("$.name")
                    .contains("$.age")
                    .contains("extra");
        }

        @Test
        void a_missing_required_property_fails() {
            var grade = grade(new Grader.JsonSchema(person), noExpected(), "{\"name\": \"Ada\"}");
            assertThat(grade.passed()).isFalse();
            assertThat(grade.reason()).contains("age");
        }

        @Test
        void output_that_is_not_json_fails_as_invalid_json() {
            assertThat(grade(new Grader.JsonSchema(person), noExpected(), "{name: Ada}")
                            .reason())
                    .isEqualTo("is not valid JSON");
        }

        @Test
        void the_cases_expected_is_the_schema_when_the_grader_has_none() {
            var testCase = expecting(json("{\"type\": \"array\", \"minItems\": 2}"));
            assertThat(grade(new Grader.JsonSchema(null), testCase, "[1, 2]").passed())
                    .isTrue();
            assertThat(grade(new Grader.JsonSchema(null), testCase, "[1]").passed())
                    .isFalse();
        }

        @Test
        void an_expected_that_is_a_string_holding_a_schema_is_read_as_that_schema() {
            var testCase = expecting("{\"type\": \"number\"}");
            assertThat(grade(new Grader.JsonSchema(null), testCase, "3.5").passed())
                    .isTrue();
            assertThat(grade(new Grader.JsonSchema(null), testCase, "\"3.5\"").passed())
                    .isFalse();
        }

        @Test
        void draft_2020_12_keywords_apply_by_default() {
            // prefixItems exists only from 2020-12 on
            var tuple =
                    json("{\"type\": \"array\", \"prefixItems\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}");
            assertThat(grade(new Grader.JsonSchema(tuple), noExpected(), "[\"a\", 1]")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.JsonSchema(tuple), noExpected(), "[1, \"a\"]")
                            .passed())
                    .isFalse();
        }

        @Test
        void a_schema_naming_draft_7_is_read_as_draft_7() {
            var draft7 = json("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"array\","
                    + " \"items\": [{\"type\": \"string\"}], \"additionalItems\": false}");
            assertThat(grade(new Grader.JsonSchema(draft7), noExpected(), "[\"a\"]")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.JsonSchema(draft7), noExpected(), "[\"a\", 2]")
                            .passed())
                    .isFalse();
        }

        @Test
        void local_refs_resolve() {
            var schema = json("{\"$defs\": {\"id\": {\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}},"
                    + " \"type\": \"object\", \"properties\": {\"id\": {\"$ref\": \"#/$defs/id\"}}}");
            assertThat(grade(new Grader.JsonSchema(schema), noExpected(), "{\"id\": \"abc\"}")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.JsonSchema(schema), noExpected(), "{\"id\": \"ABC\"}")
                            .passed())
                    .isFalse();
        }

        @Test
        void a_remote_ref_is_refused_not_fetched() {
            var schema = json("{\"$ref\": \"http://127.0.0.1:9/never.json\"}");
            var grade = grade(new Grader.JsonSchema(schema), noExpected(), "{}");
            assertThat(grade.passed()).isFalse();
            assertThat(grade.reason()).startsWith("the schema cannot be used");
        }

        @Test
        void boolean_schemas_accept_everything_or_nothing() {
            assertThat(grade(new Grader.JsonSchema(NODES.booleanNode(true)), noExpected(), "[]")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.JsonSchema(NODES.booleanNode(false)), noExpected(), "[]")
                            .passed())
                    .isFalse();
        }

        @Test
        void an_expected_that_is_no_schema_or_absent_fails_with_a_reason() {
            assertThat(grade(new Grader.JsonSchema(null), expecting(json("42")), "42")
                            .reason())
                    .isEqualTo("the expected value is not a JSON Schema");
            assertThat(grade(new Grader.JsonSchema(null), noExpected(), "42").reason())
                    .isEqualTo("no expected value");
        }
    }

    @Nested
    class Numeric {
        @ParameterizedTest(name = "\"{0}\" reads as {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "42|42",
                    "The answer is 1,234.5 dollars|1234.5",
                    "-3e2|-300",
                    "about 2.5E-3 m|0.0025",
                    "Result: \u22127 degrees|-7",
                    "x = .5|0.5",
                    "+12|12",
                    "1,234,567|1234567",
                    "It was 10-20 people|10",
                    "H2O has 3 atoms|3",
                })
        void the_first_number_in_the_output_is_compared(String output, double expected) {
            assertThat(grade(new Grader.Numeric(expected, null), noExpected(), output)
                            .passed())
                    .as(
                            "%s",
                            grade(new Grader.Numeric(expected, null), noExpected(), output)
                                    .reason())
                    .isTrue();
        }

        @Test
        void a_comma_not_followed_by_three_digits_is_not_a_thousands_separator() {
            assertThat(NumberExtraction.first("1,5 kg"))
                    .hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("1"));
        }

        @Test
        void tolerance_is_inclusive() {
            assertThat(grade(new Grader.Numeric(3.14, 0.01), noExpected(), "3.15")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Numeric(3.14, 0.01), noExpected(), "3.13")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Numeric(3.14, 0.01), noExpected(), "3.1501")
                            .passed())
                    .isFalse();
        }

        @Test
        void without_tolerance_the_numbers_must_be_equal_in_value_not_in_spelling() {
            assertThat(grade(new Grader.Numeric(300.0, null), noExpected(), "3e2")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Numeric(0.3, null), noExpected(), "0.30")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Numeric(0.3, null), noExpected(), "0.31")
                            .passed())
                    .isFalse();
        }

        @Test
        void the_reason_says_what_was_read_and_how_far_off_it_is() {
            assertThat(grade(new Grader.Numeric(10.0, 0.5), noExpected(), "11").reason())
                    .isEqualTo("read 11, off by 1.0 from 10.0");
        }

        @Test
        void the_cases_expected_may_be_a_json_number_or_a_string_with_a_number() {
            assertThat(grade(new Grader.Numeric(null, null), expecting(json("1234.5")), "1,234.5")
                            .passed())
                    .isTrue();
            assertThat(grade(new Grader.Numeric(null, 1.0), expecting("about 100 km"), "99.5")
                            .passed())
                    .isTrue();
        }

        @Test
        void output_without_a_number_fails() {
            assertThat(grade(new Grader.Numeric(1.0, null), noExpected(), "one"))
                    .isEqualTo(new Grade(0, false, "no number in the output"));
        }

        @Test
        void an_expected_without_a_number_or_absent_fails_with_a_reason() {
            assertThat(grade(new Grader.Numeric(null, null), expecting("many"), "5")
                            .reason())
                    .isEqualTo("the expected value is not a number");
            assertThat(grade(new Grader.Numeric(null, null), expecting(json("[1]")), "1")
                            .reason())
                    .isEqualTo("the expected value is not a number");
            assertThat(grade(new Grader.Numeric(null, null), noExpected(), "5").reason())
                    .isEqualTo("no expected value");
        }
    }

    @Nested
    class Similarity {
        @Test
        void one_substitution_in_kitten_sitting_is_three_edits_of_seven() {
            // kitten → sitting: k→s, e→i, +g = 3 edits; longest 7 → 1 - 3/7
            var grade = grade(new Grader.Similarity("kitten", 0.5), noExpected(), "sitting");
            assertThat(grade.score()).isCloseTo(4.0 / 7, within(1e-12));
            assertThat(grade.passed()).isTrue();
            assertThat(grade.reason()).isEqualTo("similarity 0.571 >= 0.5");
        }

        @Test
        void the_default_threshold_is_0_8() {
            // "colour" vs "color": 1 deletion of 6 → 0.8333
            assertThat(grade(new Grader.Similarity("colour", null), noExpected(), "color")
                            .passed())
                    .isTrue();
            // "kitten" vs "sitting": 0.571
            assertThat(grade(new Grader.Similarity(null, null), expecting("kitten"), "sitting")
                            .passed())
                    .isFalse();
        }

        @Test
        void identical_text_scores_one_after_trimming() {
            assertThat(grade(new Grader.Similarity("Paris", null), noExpected(), " Paris\n")
                            .score())
                    .isEqualTo(1.0);
        }

        @Test
        void unicode_is_compared_by_code_point_so_an_emoji_is_one_edit() {
            // "ab😀" vs "ab😁": one substitution of three code points (six UTF-16 units)
            assertThat(TextSimilarity.levenshteinSimilarity("ab\uD83D\uDE00", "ab\uD83D\uDE01"))
                    .isCloseTo(2.0 / 3, within(1e-12));
        }

        @Test
        void empty_against_empty_is_identical_and_empty_against_text_is_nothing() {
            assertThat(TextSimilarity.levenshteinSimilarity("", "")).isEqualTo(1.0);
            assertThat(TextSimilarity.levenshteinSimilarity("", "abc")).isEqualTo(0.0);
        }

        @Test
        void no_value_and_no_expected_fails() {
            assertThat(grade(new Grader.Similarity(null, null), noExpected(), "x"))
                    .isEqualTo(new Grade(0, false, "no expected value"));
        }

        @Test
        void answers_too_long_to_compare_are_decided_by_their_lengths_or_refused_not_computed() {
            String expected = "a".repeat(5_000);
            var far = grade(new Grader.Similarity(expected, 0.8), noExpected(), "b".repeat(200_000));
            assertThat(far.passed()).isFalse();
            assertThat(far.score()).isCloseTo(0.025, within(1e-9));
            assertThat(far.reason()).contains("at most 0.025 < 0.8");

            var close =
                    grade(new Grader.Similarity(expected, 0.8), noExpected(), "a".repeat(4_999) + "b".repeat(1_000));
            assertThat(close.passed()).isFalse();
            assertThat(close.score()).isZero();
            assertThat(close.reason()).startsWith("too long to compare: 5000 × 5999 code points");

            assertThat(grade(new Grader.Similarity("a".repeat(4_000), 0.8), noExpected(), "a".repeat(3_999) + "b")
                            .passed())
                    .as("4,000 × 4,000 is still computed")
                    .isTrue();
        }
    }

    @Test
    void llm_judge_is_not_graded_here() {
        var judge = new Grader.LlmJudge("be correct", null, null);
        assertThat(DeterministicGrading.handles(judge)).isFalse();
        assertThat(DeterministicGrading.handles(new Grader.Exact(null, null))).isTrue();
        assertThatThrownBy(() -> grade(judge, noExpected(), "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_grade_outside_zero_to_one_cannot_be_made() {
        assertThatThrownBy(() -> new Grade(1.5, true, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Grade(Double.NaN, false, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.benchmarkhub.domain.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.grading.Grader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchmarkRulesTest {

    private static TestCase input(String text) {
        return new TestCase(null, TextNode.valueOf(text), null, List.of(), null);
    }

    @Test
    void a_valid_benchmark_has_no_violations() {
        assertThat(BenchmarkRules.details("Title", "desc", List.of("geo", "c++"), "qa"))
                .isEmpty();
        assertThat(BenchmarkRules.newCases("cases", List.of(input("q")), Set.of()))
                .isEmpty();
        assertThat(BenchmarkRules.graders(
                        "graders", List.of(new Grader.Regex("^\\d+$"), new Grader.LlmJudge("be right", null, 0.5))))
                .isEmpty();
    }

    @Test
    void a_title_of_exactly_200_characters_is_valid_and_201_is_not() {
        assertThat(BenchmarkRules.details("x".repeat(200), null, null, null)).isEmpty();
        assertThat(BenchmarkRules.details("  " + "x".repeat(200) + "  ", null, null, null))
                .isEmpty();
        assertThat(BenchmarkRules.details("x".repeat(201), null, null, null))
                .extracting(Violation::field)
                .containsExactly("title");
    }

    @Test
    void a_case_of_exactly_64_kib_of_canonical_json_is_valid_and_one_byte_more_is_not() {
        // {"input":"…","tags":[]} is 22 bytes of JSON around the text
        int overhead = CanonicalJson.bytes(input("")).length;
        assertThat(overhead).isEqualTo(22);
        assertThat(BenchmarkRules.testCase("c", input("x".repeat(BenchmarkRules.MAX_CASE_BYTES - overhead))))
                .isEmpty();
        assertThat(BenchmarkRules.testCase("c", input("x".repeat(BenchmarkRules.MAX_CASE_BYTES - overhead + 1))))
                .extracting(Violation::field)
                .containsExactly("c");
    }

    @Test
    void ten_thousand_cases_are_allowed_counting_the_existing_ones() {
        var cases = new ArrayList<TestCase>();
        for (int i = 0; i < 10; i++) cases.add(input("q" + i));
        var existing = new java.util.HashSet<String>();
        for (int i = 0; i < BenchmarkRules.MAX_CASES - 10; i++) existing.add("e" + i);
        assertThat(BenchmarkRules.newCases("cases", cases, existing)).isEmpty();
        existing.add("one-more");
        assertThat(BenchmarkRules.newCases("cases", cases, existing))
                .extracting(Violation::field)
                .containsExactly("cases");
    }

    @Test
    void null_elements_are_reported_not_thrown() {
        assertThat(BenchmarkRules.graders("graders", Arrays.asList(new Grader.JsonValid(), null)))
                .extracting(Violation::field)
                .containsExactly("graders[1]");
        assertThat(BenchmarkRules.newCases("cases", Arrays.asList(input("q"), null), Set.of()))
                .extracting(Violation::field)
                .containsExactly("cases[1]");
        assertThat(BenchmarkRules.details("t", null, Arrays.asList("ok", null), null))
                .extracting(Violation::field)
                .containsExactly("tags[1]");
    }

    @Test
    void grader_settings_are_checked() {
        assertThat(BenchmarkRules.graders(
                        "g",
                        List.of(
                                new Grader.Regex("(unclosed"),
                                new Grader.Numeric(1.0, -0.1),
                                new Grader.Similarity(null, 1.5),
                                new Grader.LlmJudge(" ", List.of(), 2.0),
                                new Grader.JsonSchema(TextNode.valueOf("not a schema")))))
                .extracting(Violation::field)
                .containsExactly(
                        "g[0].pattern",
                        "g[1].tolerance",
                        "g[2].threshold",
                        "g[3].rubric",
                        "g[3].panel",
                        "g[3].passThreshold",
                        "g[4].schema");
    }

    @Test
    void a_rubric_line_has_an_ideal_at_least_as_strict_and_weights_of_at_most_100_in_total() {
        var ok = List.of(
                new DecisionCriterion(
                        DecisionCriterion.Metric.PASS_RATE,
                        DecisionCriterion.Comparison.AT_LEAST,
                        0.85,
                        null,
                        0.9,
                        40.0),
                new DecisionCriterion(
                        DecisionCriterion.Metric.LATENCY_P95_MS,
                        DecisionCriterion.Comparison.BELOW,
                        2000,
                        null,
                        1000.0,
                        60.0));
        assertThat(BenchmarkRules.decisionCriteria("decisionCriteria", ok)).isEmpty();

        var bad = List.of(
                new DecisionCriterion(
                        DecisionCriterion.Metric.PASS_RATE,
                        DecisionCriterion.Comparison.AT_LEAST,
                        0.85,
                        null,
                        0.8,
                        101.0),
                new DecisionCriterion(
                        DecisionCriterion.Metric.LATENCY_P95_MS,
                        DecisionCriterion.Comparison.BELOW,
                        2000,
                        null,
                        2500.0,
                        -1.0),
                new DecisionCriterion(
                        DecisionCriterion.Metric.SCORE,
                        DecisionCriterion.Comparison.AT_LEAST,
                        0.5,
                        null,
                        Double.NaN,
                        null));
        assertThat(BenchmarkRules.decisionCriteria("decisionCriteria", bad))
                .extracting(Violation::field)
                .containsExactly(
                        "decisionCriteria[0].ideal",
                        "decisionCriteria[0].weight",
                        "decisionCriteria[1].ideal",
                        "decisionCriteria[1].weight",
                        "decisionCriteria[2].ideal");

        var tooHeavy = List.of(
                new DecisionCriterion(
                        DecisionCriterion.Metric.PASS_RATE,
                        DecisionCriterion.Comparison.AT_LEAST,
                        0.85,
                        null,
                        null,
                        60.0),
                new DecisionCriterion(
                        DecisionCriterion.Metric.SCORE, DecisionCriterion.Comparison.AT_LEAST, 0.5, null, null, 40.5));
        assertThat(BenchmarkRules.decisionCriteria("decisionCriteria", tooHeavy))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("decisionCriteria");
                    assertThat(v.message()).contains("100.5");
                });
    }

    @Test
    void a_criterion_stored_before_the_rubric_reads_and_is_written_as_it_was() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String old = "{\"metric\":\"passRate\",\"op\":\">=\",\"threshold\":0.9,\"severity\":\"MUST\"}";
        var read = json.readValue(old, DecisionCriterion.class);
        assertThat(read)
                .isEqualTo(new DecisionCriterion(
                        DecisionCriterion.Metric.PASS_RATE,
                        DecisionCriterion.Comparison.AT_LEAST,
                        0.9,
                        DecisionCriterion.Severity.MUST));
        assertThat(read.ideal()).isNull();
        assertThat(read.weight()).isNull();
        assertThat(json.writeValueAsString(read)).isEqualTo(old);
        var rubric = json.readValue(
                "{\"metric\":\"passRate\",\"op\":\">=\",\"threshold\":0.85,\"ideal\":0.9,\"weight\":40}",
                DecisionCriterion.class);
        assertThat(rubric.ideal()).isEqualTo(0.9);
        assertThat(rubric.weight()).isEqualTo(40.0);
    }
}

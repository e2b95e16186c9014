package io.benchmarkhub.api.benchmark.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.grading.Grader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every promptfoo assertion type of issue 15, mapped onto a grader or criterion, or named as not mapped. */
class PromptfooAssertsTest {

    @Test
    void every_listed_assertion_type_maps_and_code_assertions_are_reported_by_place() {
        var parsed = CaseImport.parse(Format.PROMPTFOO, """
                prompts: ["Q: {{q}}"]
                defaultTest:
                  assert:
                    - {type: llm-rubric, value: Is polite, threshold: 0.7}
                    - {type: model-graded-closedqa, value: mentions Paris}
                    - {type: cost, threshold: 0.002}
                tests:
                  - vars: {q: capital of France}
                    assert:
                      - {type: equals, value: Paris}
                      - {type: contains, value: Par}
                      - {type: icontains, value: paris}
                      - {type: contains-any, value: [Paris, Lyon]}
                      - {type: contains-all, value: "Par, is"}
                      - {type: starts-with, value: P}
                      - {type: regex, value: "^P.*s$"}
                      - {type: is-json}
                      - {type: similar, value: Paris, threshold: 0.9}
                      - {type: not-regex, value: "\\\\d"}
                      - {type: latency, threshold: 800}
                      - {type: cost, threshold: 0.001}
                      - {type: llm-rubric, value: short}
                      - {type: javascript, value: output.length < 10}
                      - {type: python, value: "len(output) < 10"}
                """);
        assertThat(parsed.problems()).isEmpty();
        var config = parsed.config();
        assertThat(config.promptTemplate()).isEqualTo("Q: {{q}}");
        assertThat(config.graders())
                .containsExactly(
                        new Grader.LlmJudge("Is polite", null, 0.7),
                        new Grader.LlmJudge(
                                "Answer 1 if the output meets this criterion, 0 if it does not: mentions Paris",
                                null,
                                null));
        // the strictest cost budget wins; latency becomes the p95 bound
        assertThat(config.decisionCriteria())
                .containsExactly(
                        new DecisionCriterion(
                                DecisionCriterion.Metric.COST_PER_CASE_MICROS,
                                DecisionCriterion.Comparison.AT_MOST,
                                1000,
                                DecisionCriterion.Severity.MUST),
                        new DecisionCriterion(
                                DecisionCriterion.Metric.LATENCY_P95_MS,
                                DecisionCriterion.Comparison.AT_MOST,
                                800,
                                DecisionCriterion.Severity.MUST));
        assertThat(parsed.cases().getFirst().graders())
                .containsExactly(
                        new Grader.Exact("Paris", null),
                        new Grader.Contains("Par", null),
                        new Grader.Contains("paris", true),
                        new Grader.ContainsAny(List.of("Paris", "Lyon"), null),
                        new Grader.ContainsAll(List.of("Par", "is"), null),
                        new Grader.StartsWith("P", null),
                        new Grader.Regex("^P.*s$"),
                        new Grader.JsonValid(),
                        new Grader.Similarity("Paris", 0.9),
                        new Grader.Not(new Grader.Regex("\\d")),
                        // a test's own llm-rubric is that case's llm-judge, asked of the run's judges
                        new Grader.LlmJudge("short", null, null));
        assertThat(config.unmapped())
                .extracting(CaseImport.Mapping::at, CaseImport.Mapping::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tests[0].assert[13]", "javascript"),
                        org.assertj.core.groups.Tuple.tuple("tests[0].assert[14]", "python"));
        assertThat(config.mapped()).hasSize(1 + 3 + 13);
        // the assertions stay in the case's metadata, the unmapped ones with them
        assertThat(parsed.cases().getFirst().metadata().get("assert").size()).isEqualTo(3 + 15);
    }
}

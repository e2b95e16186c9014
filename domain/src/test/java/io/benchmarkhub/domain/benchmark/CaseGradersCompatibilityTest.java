package io.benchmarkhub.domain.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.grading.Grader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases stored before cases had graders of their own still read, and hash exactly as they did. */
class CaseGradersCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_stored_case_without_graders_reads_as_a_case_with_none() throws Exception {
        TestCase old =
                JSON.readValue("{\"id\":\"c1\",\"input\":\"hi\",\"expected\":\"hi\",\"weight\":1.0}", TestCase.class);
        assertThat(old.graders()).isNull();
        assertThat(old.ownGraders()).isEmpty();
        assertThat(old.canonical()).doesNotContain("graders");
    }

    @Test
    void no_graders_and_an_empty_list_hash_alike_and_graders_change_the_hash() {
        var none = new TestCase("c1", TextNode.valueOf("hi"), null, null, null, 1.0, null);
        var empty = new TestCase("c1", TextNode.valueOf("hi"), null, null, null, 1.0, List.of());
        var own = new TestCase("c1", TextNode.valueOf("hi"), null, null, null, 1.0, List.of(new Grader.JsonValid()));
        assertThat(empty.canonical()).isEqualTo(none.canonical());
        assertThat(own.canonical()).contains("\"graders\":[{\"type\":\"json-valid\"}]");
        assertThat(ContentHash.of(null, List.of(own), List.of()))
                .isNotEqualTo(ContentHash.of(null, List.of(none), List.of()));
    }

    @Test
    void a_case_may_carry_its_own_llm_judge_asked_of_the_run_s_panel_without_a_panel_or_threshold_of_its_own() {
        var judged = new TestCase(
                null,
                TextNode.valueOf("hi"),
                null,
                null,
                null,
                null,
                List.of(new Grader.LlmJudge("good?", null, null)));
        assertThat(BenchmarkRules.testCase("cases[0]", judged)).isEmpty();
        var own = new TestCase(
                null,
                TextNode.valueOf("hi"),
                null,
                null,
                null,
                null,
                List.of(new Grader.LlmJudge("good?", List.of("sim/judge"), 0.7)));
        assertThat(BenchmarkRules.testCase("cases[0]", own))
                .extracting(Violation::field)
                .containsExactly("cases[0].graders[0].panel", "cases[0].graders[0].passThreshold");
    }
}

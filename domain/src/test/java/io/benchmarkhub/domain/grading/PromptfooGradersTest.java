package io.benchmarkhub.domain.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grader types added for promptfoo parity (issue 15). */
class PromptfooGradersTest {

    private static final TestCase CASE =
            new TestCase("c1", TextNode.valueOf("q"), TextNode.valueOf("Paris"), null, null);

    private static Grade grade(Grader grader, String output) {
        return DeterministicGrading.grade(grader, CASE, output);
    }

    @Test
    void starts_with_uses_its_value_or_the_expected_and_can_ignore_case() {
        assertThat(grade(new Grader.StartsWith(null, null), "  Paris is it").passed())
                .isTrue();
        assertThat(grade(new Grader.StartsWith(null, null), "paris").passed()).isFalse();
        assertThat(grade(new Grader.StartsWith(null, true), "paris").passed()).isTrue();
        assertThat(grade(new Grader.StartsWith("It", null), "Paris").passed()).isFalse();
    }

    @Test
    void contains_any_and_contains_all() {
        assertThat(grade(new Grader.ContainsAny(List.of("Lyon", "Paris"), null), "Paris!")
                        .passed())
                .isTrue();
        assertThat(grade(new Grader.ContainsAny(List.of("Lyon", "Nice"), null), "Paris!")
                        .passed())
                .isFalse();
        assertThat(grade(new Grader.ContainsAll(List.of("Par", "is"), null), "Paris")
                        .passed())
                .isTrue();
        Grade missing = grade(new Grader.ContainsAll(List.of("PAR", "Lyon"), true), "Paris");
        assertThat(missing.passed()).isFalse();
        assertThat(missing.reason()).isEqualTo("misses 1 of the 2 texts");
        assertThat(new Grader.ContainsAny(List.of(), null).violations("g")).hasSize(1);
    }

    @Test
    void not_inverts_a_deterministic_grader_and_refuses_a_judge() {
        Grade inverted = grade(new Grader.Not(new Grader.Contains("sorry", true)), "Sorry, no.");
        assertThat(inverted.passed()).isFalse();
        assertThat(inverted.score()).isEqualTo(0.0);
        assertThat(grade(new Grader.Not(new Grader.Contains("sorry", true)), "Paris")
                        .passed())
                .isTrue();
        assertThat(new Grader.Not(new Grader.LlmJudge("x", null, null)).violations("g"))
                .extracting("field")
                .containsExactly("g.grader");
        assertThat(new Grader.Not(new Grader.Regex("(")).violations("g"))
                .extracting("field")
                .containsExactly("g.grader.pattern");
    }
}

package io.benchmarkhub.domain.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JudgeVerdictParserTest {

    @Test
    void reads_the_plain_json_object_asked_for() {
        assertThat(JudgeVerdictParser.parse("{\"score\": 0.75, \"rationale\": \"Mostly right.\"}"))
                .contains(new JudgeVerdict(0.75, "Mostly right."));
    }

    @Test
    void reads_json_inside_a_code_fence_with_prose_around_it() {
        String reply = """
                Sure! Here is my assessment:
                ```json
                {
                  "score": 1,
                  "rationale": "Exactly matches the reference {and more}."
                }
                ```
                Let me know if you need anything else.""";
        assertThat(JudgeVerdictParser.parse(reply))
                .contains(new JudgeVerdict(1.0, "Exactly matches the reference {and more}."));
    }

    @Test
    void the_bounds_zero_and_one_are_accepted() {
        assertThat(JudgeVerdictParser.parse("{\"score\": 0, \"rationale\": \"wrong\"}"))
                .contains(new JudgeVerdict(0, "wrong"));
        assertThat(JudgeVerdictParser.parse("{\"score\": 1.0, \"rationale\": \"right\"}"))
                .contains(new JudgeVerdict(1, "right"));
    }

    @Test
    void a_missing_rationale_is_empty_not_a_failure() {
        assertThat(JudgeVerdictParser.parse("{\"score\": 0.5}")).contains(new JudgeVerdict(0.5, ""));
    }

    @Test
    void a_braces_in_prose_before_the_object_do_not_confuse_it() {
        assertThat(JudgeVerdictParser.parse("Using {rubric} I decided: {\"score\": 0.2, \"rationale\": \"off topic\"}"))
                .contains(new JudgeVerdict(0.2, "off topic"));
    }

    @Test
    void the_same_verdict_repeated_is_accepted() {
        assertThat(JudgeVerdictParser.parse("{\"score\": 0.5, \"rationale\": \"a\"} ... final: {\"score\": 0.5}"))
                .contains(new JudgeVerdict(0.5, "a"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"score\": 8, \"rationale\": \"out of 10\"}",
                "{\"score\": 4, \"rationale\": \"out of 5\"}",
                "{\"score\": 1.01}",
                "{\"score\": -0.1}",
                "{\"score\": \"0.8\", \"rationale\": \"a string is not a number\"}",
                "{\"score\": null}",
                "{\"score\": true}",
                "{\"score\": [0.5]}",
                "Score: 0.8. Rationale: good.",
                "I'd give it 8/10.",
                "{\"rating\": 0.8}",
                "{\"verdict\": {\"score\": 0.8}}",
                "{\"score\": 0.8, \"rationale\": \"unterminated",
                "{'score': 0.8}",
                "{\"score\": 0.3} on reflection {\"score\": 0.9}",
                "{\"score\": 0.8} and also {\"score\": 9}",
                "",
                "   ",
            })
    void anything_that_is_not_one_unambiguous_score_in_zero_to_one_is_no_verdict(String reply) {
        assertThat(JudgeVerdictParser.parse(reply)).isEmpty();
    }

    @Test
    void null_is_no_verdict() {
        assertThat(JudgeVerdictParser.parse(null)).isEmpty();
    }
}

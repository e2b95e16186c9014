package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.TrialScoring.TrialScore;
import io.benchmarkhub.domain.run.TrialScoring.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialScoringTest {

    private static final Grader EXACT = new Grader.Exact(null, null);
    private static final Grader CONTAINS = new Grader.Contains("Paris", false);
    private static final Grader.LlmJudge JUDGE = new Grader.LlmJudge("Right city?", null, null);
    private static final Grader.LlmJudge STRICT_JUDGE = new Grader.LlmJudge("Well argued?", null, 0.8);

    private static GraderResult result(int index, String type, double score, boolean passed) {
        return new GraderResult(index, type, score, passed, passed ? "ok" : "not ok");
    }

    @Test
    void a_failed_call_scores_zero_and_fails_whatever_else_was_recorded() {
        var score = TrialScoring.score(
                List.of(EXACT, JUDGE), true, List.of(result(0, "exact", 1, true)), List.of(new Verdict(1, 1.0)));

        assertThat(score).isEqualTo(new TrialScore(0.0, false)).isEqualTo(TrialScore.FAILED_CALL);
    }

    @Test
    void a_cases_own_judge_past_the_benchmarks_graders_scores_its_verdicts_mean_and_passes_at_the_default() {
        // benchmark: exact (index 0) passes (1); the case's own contains (index 1) scores 1; its own judge (index 2):
        // (0.25 + 0.5) / 2 = 0.375, below 0.5, so it fails. Score (1 + 1 + 0.375) / 3, failed.
        var score = TrialScoring.score(
                List.of(EXACT),
                false,
                List.of(result(0, "exact", 1, true), result(1, "contains", 1, true)),
                List.of(new Verdict(2, 0.5), new Verdict(2, 0.25), new Verdict(2, null)));

        assertThat(score).isEqualTo(new TrialScore((1 + 1 + 0.375) / 3, false));
        assertThat(TrialScoring.score(
                        List.of(EXACT), false, List.of(result(0, "exact", 1, true)), List.of(new Verdict(1, 0.5))))
                .isEqualTo(new TrialScore(0.75, true));
    }

    @Test
    void deterministic_graders_only_score_their_mean_and_pass_when_all_pass() {
        // (1 + 0.5) / 2 = 0.75; contains failed, so the trial fails
        var score = TrialScoring.score(
                List.of(EXACT, CONTAINS),
                false,
                List.of(result(0, "exact", 1, true), result(1, "contains", 0.5, false)),
                List.of());

        assertThat(score).isEqualTo(new TrialScore(0.75, false));
    }

    @Test
    void deterministic_graders_that_all_pass_pass_the_trial() {
        var score = TrialScoring.score(
                List.of(EXACT, CONTAINS),
                false,
                List.of(result(0, "exact", 1, true), result(1, "contains", 1, true)),
                List.of());

        assertThat(score).isEqualTo(new TrialScore(1.0, true));
    }

    @Test
    void a_judge_scores_the_mean_of_its_verdicts_and_passes_at_exactly_the_default_threshold() {
        // (0.25 + 0.75) / 2 = 0.5 >= 0.5
        var score = TrialScoring.score(
                List.of(JUDGE), false, List.of(), List.of(new Verdict(0, 0.25), new Verdict(0, 0.75)));

        assertThat(score).isEqualTo(new TrialScore(0.5, true));
    }

    @Test
    void a_judge_mean_below_the_default_threshold_fails() {
        // (0.25 + 0.5) / 2 = 0.375 < 0.5
        var score = TrialScoring.score(
                List.of(JUDGE), false, List.of(), List.of(new Verdict(0, 0.25), new Verdict(0, 0.5)));

        assertThat(score).isEqualTo(new TrialScore(0.375, false));
    }

    @Test
    void a_judge_with_its_own_threshold_passes_only_at_that_threshold() {
        // 0.75 would pass the default 0.5 but not 0.8
        var below = TrialScoring.score(
                List.of(STRICT_JUDGE), false, List.of(), List.of(new Verdict(0, 0.75), new Verdict(0, 0.75)));
        var at = TrialScoring.score(
                List.of(STRICT_JUDGE), false, List.of(), List.of(new Verdict(0, 0.8), new Verdict(0, 0.8)));

        assertThat(below).isEqualTo(new TrialScore(0.75, false));
        assertThat(at).isEqualTo(new TrialScore(0.8, true));
        assertThat(TrialScoring.passThreshold(STRICT_JUDGE)).isEqualTo(0.8);
        assertThat(TrialScoring.passThreshold(JUDGE))
                .isEqualTo(TrialScoring.DEFAULT_JUDGE_PASS_THRESHOLD)
                .isEqualTo(0.5);
    }

    @Test
    void failed_verdicts_are_left_out_of_the_judge_mean() {
        // only the 1.0 counts: a failed verdict is not a zero
        var score = TrialScoring.score(
                List.of(JUDGE), false, List.of(), List.of(new Verdict(0, null), new Verdict(0, 1.0)));

        assertThat(score).isEqualTo(new TrialScore(1.0, true));
    }

    @Test
    void a_judge_whose_verdicts_all_failed_is_left_out_of_the_trial_score() {
        // the exact grader alone: 1.0, passed, although the judge never scored
        var score = TrialScoring.score(
                List.of(EXACT, JUDGE),
                false,
                List.of(result(0, "exact", 1, true)),
                List.of(new Verdict(1, null), new Verdict(1, null)));

        assertThat(score).isEqualTo(new TrialScore(1.0, true));
    }

    @Test
    void a_trial_that_no_grader_scored_has_no_score() {
        var score = TrialScoring.score(List.of(JUDGE), false, List.of(), List.of(new Verdict(0, null)));

        assertThat(score).isEqualTo(TrialScore.NONE);
        assertThat(score.score()).isNull();
        assertThat(score.passed()).isNull();
    }

    @Test
    void an_answered_trial_not_yet_graded_has_no_score() {
        assertThat(TrialScoring.score(List.of(EXACT, JUDGE), false, List.of(), List.of()))
                .isEqualTo(TrialScore.NONE);
    }

    @Test
    void deterministic_and_judge_graders_each_count_once_in_the_mean_and_all_must_pass() {
        // exact 1.0 (pass); judge (0.5 + 1.0) / 2 = 0.75 (pass at 0.5); strict judge 0.75 (fails at 0.8)
        // score (1.0 + 0.75 + 0.75) / 3 = 2.5 / 3
        var score = TrialScoring.score(
                List.of(EXACT, JUDGE, STRICT_JUDGE),
                false,
                List.of(result(0, "exact", 1, true)),
                List.of(new Verdict(1, 0.5), new Verdict(1, 1.0), new Verdict(2, 0.75)));

        assertThat(score.score()).isCloseTo(2.5 / 3, within(1e-12));
        assertThat(score.passed()).isFalse();
    }

    @Test
    void deterministic_and_judge_graders_that_all_pass_pass_the_trial() {
        // exact 0.5 (pass, e.g. a similarity grader at its threshold); judge 1.0; strict judge (0.75 + 0.875) / 2 =
        // 0.8125
        // score (0.5 + 1.0 + 0.8125) / 3 = 2.3125 / 3
        var score = TrialScoring.score(
                List.of(EXACT, JUDGE, STRICT_JUDGE),
                false,
                List.of(result(0, "similarity", 0.5, true)),
                List.of(new Verdict(1, 1.0), new Verdict(2, 0.75), new Verdict(2, 0.875)));

        assertThat(score.score()).isCloseTo(2.3125 / 3, within(1e-12));
        assertThat(score.passed()).isTrue();
    }

    @Test
    void verdicts_are_counted_only_for_their_own_grader() {
        // a verdict filed under the exact grader's index is no judge's verdict; the judge has only 0.25
        var score = TrialScoring.score(
                List.of(EXACT, JUDGE), false, List.of(), List.of(new Verdict(0, 1.0), new Verdict(1, 0.25)));

        assertThat(score).isEqualTo(new TrialScore(0.25, false));
    }
}

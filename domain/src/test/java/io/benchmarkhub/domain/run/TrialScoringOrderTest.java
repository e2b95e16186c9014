package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.TrialScoring.TrialScore;
import io.benchmarkhub.domain.run.TrialScoring.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrialScoringOrderTest {

    private static final Grader EXACT = new Grader.Exact(null, null);
    private static final Grader.LlmJudge STRICT_JUDGE = new Grader.LlmJudge("be strict", null, 0.7);
    private static final Grader.LlmJudge DEFAULT_JUDGE = new Grader.LlmJudge("be fair", null, null);

    @Test
    void a_failed_call_scores_zero_and_fails_whatever_was_graded() {
        var score = TrialScoring.score(
                List.of(EXACT), true, List.of(new GraderResult(0, "exact", 1, true, "ok")), List.of());
        assertThat(score).isEqualTo(new TrialScore(0.0, false));
    }

    @Test
    void the_score_is_the_mean_over_graders_and_a_judge_grader_scores_the_mean_of_its_successful_verdicts() {
        // exact 1.0 (pass); judge mean (0.8 + 0.4) / 2 = 0.6 < 0.7 (fail), the failed verdict left out → (1.0 + 0.6) /
        // 2 = 0.8
        var score = TrialScoring.score(
                List.of(EXACT, STRICT_JUDGE),
                false,
                List.of(new GraderResult(0, "exact", 1, true, "equal")),
                List.of(new Verdict(1, 0.8), new Verdict(1, 0.4), new Verdict(1, null)));
        assertThat(score.score()).isCloseTo(0.8, within(1e-12));
        assertThat(score.passed()).isFalse();
    }

    @Test
    void a_judge_grader_without_a_threshold_passes_at_one_half() {
        var score = TrialScoring.score(List.of(DEFAULT_JUDGE), false, List.of(), List.of(new Verdict(0, 0.5)));
        assertThat(score).isEqualTo(new TrialScore(0.5, true));
    }

    @Test
    void a_judge_grader_whose_verdicts_all_failed_is_left_out_and_with_nothing_else_the_trial_has_no_score() {
        assertThat(TrialScoring.score(List.of(DEFAULT_JUDGE), false, List.of(), List.of(new Verdict(0, null))))
                .isEqualTo(TrialScore.NONE);
        var onlyExact = TrialScoring.score(
                List.of(EXACT, DEFAULT_JUDGE),
                false,
                List.of(new GraderResult(0, "exact", 0, false, "different")),
                List.of(new Verdict(1, null)));
        assertThat(onlyExact).isEqualTo(new TrialScore(0.0, false));
    }

    @Test
    void the_order_verdicts_arrive_in_does_not_change_the_score_in_the_last_bit() {
        // the command side scores verdicts in event order, the read side in table order: both must agree exactly
        var verdicts = new ArrayList<Verdict>();
        for (double s : new double[] {0.1, 0.7, 0.2, 0.9, 0.3, 0.6, 0.05, 0.33}) verdicts.add(new Verdict(0, s));
        Double expected = TrialScoring.score(List.of(DEFAULT_JUDGE), false, List.of(), verdicts)
                .score();
        var random = new Random(7);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(verdicts, random);
            assertThat(TrialScoring.score(List.of(DEFAULT_JUDGE), false, List.of(), verdicts)
                            .score())
                    .isEqualTo(expected);
        }
    }
}

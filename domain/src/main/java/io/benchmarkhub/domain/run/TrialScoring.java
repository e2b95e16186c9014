package io.benchmarkhub.domain.run;

import io.benchmarkhub.domain.grading.Grader;

import java.util.List;

/**
 * How one trial's grades become its score, the same on the command side (run summaries) and the read side.
 * <ul>
 *   <li>A failed model call scores 0 and fails: an error is a wrong answer, not a missing one.</li>
 *   <li>Each deterministic grader gives its own score and pass.</li>
 *   <li>An LLM-judge grader scores the mean of its judges' successful verdicts and passes at its
 *       {@code passThreshold} (default {@value #DEFAULT_JUDGE_PASS_THRESHOLD}); when every verdict failed
 *       it has no score and is left out — never guessed.</li>
 *   <li>The trial's score is the mean over graders that have a score; it passes when all of them pass.
 *       With no scored grader the trial has no score.</li>
 * </ul>
 */
public final class TrialScoring {

    public static final double DEFAULT_JUDGE_PASS_THRESHOLD = 0.5;

    /** A trial's score in [0,1] and pass, or {@code score == null} when nothing scored it. */
    public record TrialScore(Double score, Boolean passed) {
        public static final TrialScore NONE = new TrialScore(null, null);
        public static final TrialScore FAILED_CALL = new TrialScore(0.0, false);
    }

    /** A judge's verdict as scoring needs it: which grader, and the score (null when the verdict failed). */
    public record Verdict(int graderIndex, Double score) {
    }

    private TrialScoring() {
    }

    /**
     * @param graders      the run's graders, in benchmark order
     * @param failedCall   the model call failed
     * @param deterministic the deterministic graders' results (empty when not yet graded)
     * @param verdicts     the judges' verdicts so far
     */
    public static TrialScore score(List<Grader> graders, boolean failedCall, List<GraderResult> deterministic, List<Verdict> verdicts) {
        if (failedCall) return TrialScore.FAILED_CALL;
        double sum = 0;
        int scoredGraders = 0;
        boolean allPass = true;
        for (GraderResult result : deterministic) {
            sum += result.score();
            scoredGraders++;
            allPass &= result.passed();
        }
        for (int i = 0; i < graders.size(); i++) {
            if (!(graders.get(i) instanceof Grader.LlmJudge judge)) continue;
            double judgeSum = 0;
            int judged = 0;
            for (Verdict verdict : verdicts) {
                if (verdict.graderIndex() == i && verdict.score() != null) {
                    judgeSum += verdict.score();
                    judged++;
                }
            }
            if (judged == 0) continue;
            double mean = judgeSum / judged;
            sum += mean;
            scoredGraders++;
            allPass &= mean >= passThreshold(judge);
        }
        return scoredGraders == 0 ? TrialScore.NONE : new TrialScore(sum / scoredGraders, allPass);
    }

    public static double passThreshold(Grader.LlmJudge judge) {
        return judge.passThreshold() != null ? judge.passThreshold() : DEFAULT_JUDGE_PASS_THRESHOLD;
    }
}

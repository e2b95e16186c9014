package io.benchmarkhub.domain.run;

import io.benchmarkhub.domain.grading.Grader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.DoubleStream;

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
    public record Verdict(int graderIndex, Double score) {}

    private TrialScoring() {}

    /**
     * @param graders      the run's graders, in benchmark order
     * @param failedCall   the model call failed
     * @param deterministic the deterministic graders' results (empty when not yet graded)
     * @param verdicts     the judges' verdicts so far
     */
    public static TrialScore score(
            List<Grader> graders, boolean failedCall, List<GraderResult> deterministic, List<Verdict> verdicts) {
        if (failedCall) return TrialScore.FAILED_CALL;
        var graded = new ArrayList<GraderScore>();
        for (GraderResult result : deterministic)
            graded.add(new GraderScore(result.graderIndex(), result.score(), result.passed()));
        for (int i = 0; i < graders.size(); i++) {
            if (!(graders.get(i) instanceof Grader.LlmJudge judge)) continue;
            int index = i;
            double[] scores = verdicts.stream()
                    .filter(v -> v.graderIndex() == index && v.score() != null)
                    .mapToDouble(Verdict::score)
                    .sorted()
                    .toArray();
            if (scores.length == 0) continue;
            double mean = DoubleStream.of(scores).sum() / scores.length;
            graded.add(new GraderScore(i, mean, mean >= passThreshold(judge)));
        }
        // a verdict past the benchmark's graders is of the case's own llm-judge (index graders + j), which passes at
        // the default
        var caseJudges = new java.util.TreeMap<Integer, List<Double>>();
        for (Verdict v : verdicts) {
            if (v.graderIndex() >= graders.size() && v.score() != null)
                caseJudges
                        .computeIfAbsent(v.graderIndex(), k -> new ArrayList<>())
                        .add(v.score());
        }
        caseJudges.forEach((index, scores) -> {
            double mean =
                    scores.stream().sorted().mapToDouble(Double::doubleValue).sum() / scores.size();
            graded.add(new GraderScore(index, mean, mean >= DEFAULT_JUDGE_PASS_THRESHOLD));
        });
        if (graded.isEmpty()) return TrialScore.NONE;
        // summed in grader order (and each judge's verdicts in value order) so that both sides, which see the
        // same grades in different orders, agree to the last bit
        graded.sort(Comparator.comparingInt(GraderScore::graderIndex));
        double sum = 0;
        boolean allPass = true;
        for (GraderScore g : graded) {
            sum += g.score();
            allPass &= g.passed();
        }
        return new TrialScore(sum / graded.size(), allPass);
    }

    private record GraderScore(int graderIndex, double score, boolean passed) {}

    public static double passThreshold(Grader.LlmJudge judge) {
        return judge.passThreshold() != null ? judge.passThreshold() : DEFAULT_JUDGE_PASS_THRESHOLD;
    }
}

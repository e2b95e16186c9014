package io.benchmarkhub.domain.run;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.TrialScoring.TrialScore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.DoubleStream;

/**
 * What a run's settled trials show about its models, worked out from the trials alone so that it can be read and tested
 * without a database (the read side loads the trials and shows the answers): the failure modes a candidate has and a
 * baseline has not, a model's grades on the cases of a known failure mode ({@link FailureModeCheck}), whether a judge
 * panel split, and each case's mean score.
 */
public final class FailureModeAnalysis {

    private FailureModeAnalysis() {}

    /**
     * A settled trial as the analysis needs it: whether its call failed (and how), its deterministic grades, its judges'
     * verdicts and the score {@link TrialScoring} gives it.
     */
    public record Trial(
            TrialKey key,
            boolean failedCall,
            String failureKind,
            List<GraderResult> grades,
            List<TrialScoring.Verdict> verdicts,
            TrialScore score) {}

    /** How a candidate fails where the baseline does not: on a grader, or by a failed call. */
    public enum Kind {
        GRADER,
        CALL_FAILURE
    }

    /**
     * A failure mode found in a comparison: the grader the candidate fails (kind GRADER) or the kind of failed call (kind
     * CALL_FAILURE), and the cases it shows on, in the run's case order.
     */
    public record Found(Kind kind, Integer graderIndex, String failureKind, List<String> caseIds) {}

    /**
     * The failure modes the candidate has and the baseline has not, most cases first (grader ones before call failures
     * on a tie): a grader the candidate failed on a case where the baseline passed it every time, or a failed call of
     * the candidate on a case the baseline answered without a failed call.
     *
     * @param graders   the run's graders, in benchmark order
     * @param caseOrder the cases in the order the examples are listed ({@link #caseOrder})
     */
    public static List<Found> newFailureModes(
            List<Grader> graders, List<String> caseOrder, List<Trial> trials, String baseline, String candidate) {
        Map<String, Map<Integer, Boolean>> baseGraders = graderPasses(graders, trials, baseline);
        Map<String, Map<Integer, Boolean>> candGraders = graderPasses(graders, trials, candidate);
        var candFailures = new HashMap<String, Set<String>>();
        var baseFailed = new HashSet<String>();
        var baseAnswered = new HashSet<String>();
        for (Trial t : trials) {
            if (t.key().model().equals(candidate) && t.failedCall()) {
                candFailures
                        .computeIfAbsent(t.key().caseId(), c -> new HashSet<>())
                        .add(String.valueOf(t.failureKind()));
            } else if (t.key().model().equals(baseline)) {
                (t.failedCall() ? baseFailed : baseAnswered).add(t.key().caseId());
            }
        }
        var graderCases = new TreeMap<Integer, List<String>>();
        var callCases = new TreeMap<String, List<String>>();
        for (String caseId : caseOrder) {
            Map<Integer, Boolean> cand = candGraders.getOrDefault(caseId, Map.of());
            Map<Integer, Boolean> base = baseGraders.getOrDefault(caseId, Map.of());
            cand.forEach((grader, passed) -> {
                if (!passed && Boolean.TRUE.equals(base.get(grader)))
                    graderCases.computeIfAbsent(grader, g -> new ArrayList<>()).add(caseId);
            });
            if (baseAnswered.contains(caseId) && !baseFailed.contains(caseId)) {
                for (String kind : candFailures.getOrDefault(caseId, Set.of()))
                    callCases.computeIfAbsent(kind, k -> new ArrayList<>()).add(caseId);
            }
        }
        var found = new ArrayList<Found>();
        graderCases.forEach((grader, cases) -> found.add(new Found(Kind.GRADER, grader, null, List.copyOf(cases))));
        callCases.forEach((kind, cases) -> found.add(new Found(Kind.CALL_FAILURE, null, kind, List.copyOf(cases))));
        found.sort(Comparator.comparingInt((Found f) -> f.caseIds().size()).reversed());
        return found;
    }

    /**
     * Per case and grader index: whether the model passed that grader every time it was graded on the case (true) or
     * failed it at least once (false). A judge grader passes a trial when its judges' mean reaches its threshold.
     */
    static Map<String, Map<Integer, Boolean>> graderPasses(List<Grader> graders, List<Trial> trials, String model) {
        var passes = new HashMap<String, Map<Integer, Boolean>>();
        for (Trial t : trials) {
            if (!t.key().model().equals(model) || t.failedCall()) continue;
            Map<Integer, Boolean> byGrader = passes.computeIfAbsent(t.key().caseId(), c -> new HashMap<>());
            for (GraderResult r : t.grades()) byGrader.merge(r.graderIndex(), r.passed(), Boolean::logicalAnd);
            for (int i = 0; i < graders.size(); i++) {
                if (!(graders.get(i) instanceof Grader.LlmJudge judge)) continue;
                int index = i;
                double[] scores = t.verdicts().stream()
                        .filter(v -> v.graderIndex() == index && v.score() != null)
                        .mapToDouble(TrialScoring.Verdict::score)
                        .sorted()
                        .toArray();
                if (scores.length == 0) continue;
                boolean passed = DoubleStream.of(scores).sum() / scores.length >= TrialScoring.passThreshold(judge);
                byGrader.merge(i, passed, Boolean::logicalAnd);
            }
        }
        return passes;
    }

    /**
     * A model's graded trials by case, for {@link FailureModeCheck#check}: a failed call is graded and does not pass; an
     * answer nothing gave a pass or fail is left out.
     */
    public static Map<String, FailureModeCheck.CaseGrades> caseGrades(List<Trial> trials, String model) {
        var graded = new HashMap<String, int[]>();
        for (Trial t : trials) {
            if (!t.key().model().equals(model)) continue;
            boolean passed = !t.failedCall() && Boolean.TRUE.equals(t.score().passed());
            if (!t.failedCall() && t.score().passed() == null) continue;
            int[] counts = graded.computeIfAbsent(t.key().caseId(), c -> new int[2]);
            counts[0]++;
            if (passed) counts[1]++;
        }
        var byCase = new HashMap<String, FailureModeCheck.CaseGrades>();
        graded.forEach((caseId, counts) -> byCase.put(caseId, new FailureModeCheck.CaseGrades(counts[0], counts[1])));
        return byCase;
    }

    /** A model's result on a known failure mode tagged on {@code taggedCaseIds}, from its trials in a run. */
    public static FailureModeCheck.Result check(Collection<String> taggedCaseIds, List<Trial> trials, String model) {
        return FailureModeCheck.check(taggedCaseIds, caseGrades(trials, model));
    }

    /**
     * Whether the trial's judge panel split: on one LLM-judge grader, at least two judges gave a score and they fall on
     * both sides of that grader's pass threshold (a case's own judge, past the benchmark's graders, passes at the
     * default). Failed verdicts have no score and take no side.
     */
    public static boolean judgesDisagree(List<Grader> graders, List<TrialScoring.Verdict> verdicts) {
        var sides = new HashMap<Integer, Set<Boolean>>();
        for (TrialScoring.Verdict verdict : verdicts) {
            Double score = verdict.score();
            if (score == null) continue;
            int index = verdict.graderIndex();
            double threshold = index < graders.size() && graders.get(index) instanceof Grader.LlmJudge judge
                    ? TrialScoring.passThreshold(judge)
                    : TrialScoring.DEFAULT_JUDGE_PASS_THRESHOLD;
            Set<Boolean> seen = sides.computeIfAbsent(index, k -> new HashSet<>());
            seen.add(score >= threshold);
            if (seen.size() == 2) return true;
        }
        return false;
    }

    /** Each case's mean score over the model's scored trials (its repeats). */
    public static Map<String, Double> caseMeans(List<Trial> trials, String model) {
        var scores = new LinkedHashMap<String, List<Double>>();
        for (Trial t : trials) {
            if (t.key().model().equals(model) && t.score().score() != null) {
                scores.computeIfAbsent(t.key().caseId(), c -> new ArrayList<>())
                        .add(t.score().score());
            }
        }
        var means = new HashMap<String, Double>();
        scores.forEach((caseId, s) -> means.put(
                caseId, s.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        return means;
    }

    /** The run's cases in benchmark order, then any other case a trial names, sorted. */
    public static List<String> caseOrder(List<String> runCaseIds, List<Trial> trials) {
        var order = new LinkedHashSet<>(runCaseIds);
        trials.stream().map(t -> t.key().caseId()).sorted().forEach(order::add);
        return List.copyOf(order);
    }
}

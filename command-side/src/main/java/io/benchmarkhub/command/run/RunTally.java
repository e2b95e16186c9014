package io.benchmarkhub.command.run;

import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.TrialScoring;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunRequested;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What an executor knows about its run's recorded trials: enough to tell what is left to do after a
 * resume and to compute the per-model summaries at the end. Filled from the stored events when an
 * executor (re)starts, then from each batch once it is recorded. Outputs are kept only for answered
 * trials that still need grading or judging. Not thread-safe: the executor's threads synchronize on it.
 */
final class RunTally {

    /** One trial as recorded so far. */
    static final class Trial {
        final TrialKey key;
        boolean failedCall;
        boolean answered;
        boolean graded;
        String output;
        Long latencyMs;
        long costMicros;
        long judgeCostMicros;
        /** What the real calls cost: simulated answers and simulated judges are free. */
        long realCostMicros;

        List<GraderResult> grades = List.of();
        /** "graderIndex judge" → the verdict's score (null when it failed). */
        final Map<String, Double> verdicts = new LinkedHashMap<>();

        Trial(TrialKey key) {
            this.key = key;
        }

        boolean settled() {
            return answered || failedCall;
        }

        boolean hasVerdict(int graderIndex, String judge) {
            return verdicts.containsKey(graderIndex + " " + judge);
        }
    }

    private final RunRequested request;
    private final Predicate<String> simulated;
    private final Map<TrialKey, Trial> trials = new HashMap<>();

    /** @param simulated whether a model (a judge) is simulated, and so costs nothing real */
    RunTally(RunRequested request, Predicate<String> simulated) {
        this.request = request;
        this.simulated = simulated;
    }

    synchronized void record(RunEvent.TrialResult result) {
        Trial trial =
                trials.computeIfAbsent(new TrialKey(result.caseId(), result.model(), result.repeat()), Trial::new);
        switch (result) {
            case ModelResponseRecorded r -> {
                if (!r.simulated()) trial.realCostMicros += r.costMicros();
                trial.answered = true;
                trial.output = r.output();
                trial.latencyMs = r.latencyMs();
                trial.costMicros = r.costMicros();
            }
            case ModelCallFailed f -> trial.failedCall = true;
            case GradeRecorded g -> {
                trial.graded = true;
                trial.grades = g.results();
            }
            case JudgeVerdictRecorded v -> {
                if (trial.verdicts.put(v.graderIndex() + " " + v.judgeModel(), v.score()) == null) {
                    trial.judgeCostMicros += v.costMicros();
                    if (!simulated.test(v.judgeModel())) trial.realCostMicros += v.costMicros();
                }
            }
        }
    }

    /** The API cost of every recorded real (not simulated) answer and verdict. */
    synchronized long costMicros() {
        return trials.values().stream().mapToLong(t -> t.realCostMicros).sum();
    }

    synchronized Trial trial(TrialKey key) {
        return trials.get(key);
    }

    /** Forgets outputs that no work needs any more. */
    synchronized void forgetOutput(TrialKey key) {
        Trial trial = trials.get(key);
        if (trial != null) trial.output = null;
    }

    synchronized List<ModelSummary> summaries(long seed) {
        var summaries = new ArrayList<ModelSummary>();
        outcomes()
                .forEach((model, outcomes) -> summaries.add(RunStatistics.summarize(
                        model,
                        request.simulatedCandidates().contains(model),
                        outcomes,
                        request.repeats(),
                        request.caseWeights(),
                        seed)));
        return summaries;
    }

    /** Per model, each case's mean score in case-id order ({@code RunCompleted.caseMeans}). */
    synchronized Map<String, List<Double>> caseMeans() {
        var means = new LinkedHashMap<String, List<Double>>();
        outcomes().forEach((model, outcomes) -> means.put(model, RunStatistics.caseMeans(request.caseIds(), outcomes)));
        return means;
    }

    private Map<String, List<TrialOutcome>> outcomes() {
        var byModel = new LinkedHashMap<String, List<TrialOutcome>>();
        request.candidates().forEach(model -> byModel.put(model, new ArrayList<>()));
        for (Trial trial : trials.values()) {
            if (!trial.settled()) continue;
            var score = TrialScoring.score(request.graders(), trial.failedCall, trial.grades, verdicts(trial));
            byModel.get(trial.key.model())
                    .add(new TrialOutcome(
                            trial.key.caseId(),
                            trial.key.repeat(),
                            trial.failedCall,
                            score.score(),
                            score.passed(),
                            trial.latencyMs,
                            trial.costMicros,
                            trial.judgeCostMicros));
        }
        return byModel;
    }

    /** Krippendorff's alpha over every (trial, LLM-judge grader) with two or more successful verdicts. */
    synchronized Double judgeAgreement() {
        var units = new ArrayList<List<Double>>();
        for (Trial trial : trials.values()) {
            for (int g = 0; g < request.graders().size(); g++) {
                if (!(request.graders().get(g) instanceof Grader.LlmJudge)) continue;
                String prefix = g + " ";
                var scores = new ArrayList<Double>();
                trial.verdicts.forEach((k, score) -> {
                    if (k.startsWith(prefix) && score != null) scores.add(score);
                });
                units.add(scores);
            }
        }
        return RunStatistics.judgeAgreement(units);
    }

    private static List<TrialScoring.Verdict> verdicts(Trial trial) {
        var list = new ArrayList<TrialScoring.Verdict>();
        trial.verdicts.forEach((k, score) ->
                list.add(new TrialScoring.Verdict(Integer.parseInt(k.substring(0, k.indexOf(' '))), score)));
        return list;
    }
}

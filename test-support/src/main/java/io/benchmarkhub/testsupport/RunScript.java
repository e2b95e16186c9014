package io.benchmarkhub.testsupport;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.JudgePanel;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.ProviderGeneration;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.TrialScoring;
import io.benchmarkhub.domain.run.events.FailureModeTagged;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.user.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Writes a run's events by hand, the way the executor would, and keeps a ledger of what it wrote so a
 * test can compute the summaries the command side would complete the run with (TrialScoring and
 * RunStatistics on the same trials). The events go into the run's stream of an {@link EventHistory}: appended to
 * the real event store ({@link #appendTo}) or handed to the projections ({@link #history}).
 */
public final class RunScript {

    public final RunId id = RunId.generate();
    public final RunRequested request;
    private final Map<TrialKey, Trial> trials = new LinkedHashMap<>();
    private final EventHistory history = new EventHistory();

    private static final class Trial {
        boolean failedCall;
        Long latencyMs;
        long costMicros;
        List<GraderResult> grades = List.of();
        final List<JudgeVerdictRecorded> verdicts = new ArrayList<>();
    }

    public RunScript(
            String requestedBy,
            String benchmarkId,
            List<String> models,
            List<String> simulatedModels,
            List<String> caseIds,
            int repeats,
            List<Grader> graders,
            List<JudgePanel> panels,
            List<DecisionCriterion> criteria) {
        this.request = new RunRequested(
                id,
                new BenchmarkId(benchmarkId),
                1,
                "sha256:" + id.value(),
                new UserId(requestedBy),
                models,
                simulatedModels,
                repeats,
                Billing.CREDITS,
                RunParams.DEFAULTS,
                caseIds,
                graders,
                panels,
                criteria,
                "api",
                3600,
                null,
                null);
    }

    public static RunScript simple(
            String requestedBy,
            List<String> models,
            List<String> caseIds,
            int repeats,
            List<Grader> graders,
            List<DecisionCriterion> criteria) {
        return new RunScript(
                requestedBy,
                "bm_" + RunId.generate().value(),
                models,
                List.of(),
                caseIds,
                repeats,
                graders,
                List.of(),
                criteria);
    }

    /** Appends the events to the run's stream in the real event store, in order, as one commit (as the executor's unit of work). */
    public void appendTo(EventStore eventStore, RunEvent... events) {
        history.append((Object[]) events).publishTo(eventStore);
    }

    /** Appends the events to the run's stream of {@link #history()}, to be applied or published by the test. */
    public EventHistory history(RunEvent... events) {
        return history.append((Object[]) events);
    }

    /** The run's stream: its sequence numbers go on from the events {@link #appendTo} already stored. */
    public EventHistory history() {
        return history;
    }

    /** A tag of the given cases with a failure mode, seen on the run's first model. */
    public FailureModeTagged failureModeTagged(String name, String note, UserId taggedBy, String... caseIds) {
        return new FailureModeTagged(
                id,
                request.benchmarkId(),
                name,
                note,
                List.of(caseIds),
                request.models().getFirst(),
                taggedBy);
    }

    /**
     * One of every kind of event: requested, started, answers, a failed call, grades, verdicts (one failed), a human
     * grade and its replacement by the same person, and the completion; for a run whose graders are an exact grader
     * and then an LLM judge, with cases c1 and c2.
     */
    public RunEvent[] everyKind(UserId grader) {
        return new RunEvent[] {
            request,
            new RunStarted(id),
            answer("c1", request.models().getFirst(), 1, "four", 120, 9),
            grade("c1", request.models().getFirst(), 1, pass(0, "exact")),
            verdict("c1", request.models().getFirst(), 1, 1, "j1", 0.75, 4),
            verdict("c1", request.models().getFirst(), 1, 1, "j2", null, 4),
            fail("c2", request.models().getFirst(), 1, "SERVER_ERROR"),
            new HumanGradeRecorded(id, "c1", request.models().getFirst(), 0.5, "meh", grader),
            new HumanGradeRecorded(id, "c1", request.models().getFirst(), 0.8, "better on reflection", grader),
            completed()
        };
    }

    public ModelResponseRecorded answer(
            String caseId, String model, int repeat, String output, long latencyMs, long costMicros) {
        Trial t = trial(caseId, model, repeat);
        t.latencyMs = latencyMs;
        t.costMicros = costMicros;
        return new ModelResponseRecorded(
                id,
                caseId,
                model,
                repeat,
                output,
                latencyMs,
                10,
                5,
                costMicros,
                "gen-" + caseId + "-" + model + "-" + repeat,
                request.simulatedModels().contains(model),
                1);
    }

    public ModelCallFailed fail(String caseId, String model, int repeat, String kind) {
        trial(caseId, model, repeat).failedCall = true;
        return new ModelCallFailed(id, caseId, model, repeat, kind, kind.toLowerCase() + " after 4 attempts", 503, 4);
    }

    public GradeRecorded grade(String caseId, String model, int repeat, GraderResult... results) {
        trial(caseId, model, repeat).grades = List.of(results);
        return new GradeRecorded(id, caseId, model, repeat, List.of(results));
    }

    public JudgeVerdictRecorded verdict(
            String caseId, String model, int repeat, int graderIndex, String judge, Double score, long costMicros) {
        var verdict = new JudgeVerdictRecorded(
                id,
                caseId,
                model,
                repeat,
                graderIndex,
                judge,
                score,
                score == null ? null : "because " + score,
                score == null ? "unparseable judge output" : null,
                false,
                costMicros,
                "jgen-" + judge,
                score == null ? 3 : 1,
                List.of(new ProviderGeneration("jgen-" + judge, costMicros)));
        trial(caseId, model, repeat).verdicts.add(verdict);
        return verdict;
    }

    public static GraderResult pass(int index, String type) {
        return new GraderResult(index, type, 1, true, "passed");
    }

    public static GraderResult miss(int index, String type) {
        return new GraderResult(index, type, 0, false, "failed");
    }

    /** Each model's summary as RunStatistics gives it on the trials written so far. */
    public List<ModelSummary> summaries() {
        long seed = RunStatistics.seed(id);
        var result = new ArrayList<ModelSummary>();
        outcomes()
                .forEach((model, outcomes) -> result.add(RunStatistics.summarize(
                        model, request.simulatedModels().contains(model), outcomes, request.repeats(), seed)));
        return result;
    }

    /** Each model's per-case means, as the executor completes the run with them. */
    public Map<String, List<Double>> caseMeans() {
        var means = new LinkedHashMap<String, List<Double>>();
        outcomes().forEach((model, outcomes) -> means.put(model, RunStatistics.caseMeans(request.caseIds(), outcomes)));
        return means;
    }

    private Map<String, List<TrialOutcome>> outcomes() {
        var byModel = new LinkedHashMap<String, List<TrialOutcome>>();
        for (String model : request.models()) {
            var outcomes = new ArrayList<TrialOutcome>();
            trials.forEach((key, t) -> {
                if (!key.model().equals(model)) return;
                var score = TrialScoring.score(
                        request.graders(),
                        t.failedCall,
                        t.grades,
                        t.verdicts.stream()
                                .map(v -> new TrialScoring.Verdict(v.graderIndex(), v.score()))
                                .toList());
                outcomes.add(new TrialOutcome(
                        key.caseId(),
                        key.repeat(),
                        t.failedCall,
                        score.score(),
                        score.passed(),
                        t.latencyMs,
                        t.costMicros,
                        t.verdicts.stream()
                                .mapToLong(JudgeVerdictRecorded::costMicros)
                                .sum()));
            });
            byModel.put(model, outcomes);
        }
        return byModel;
    }

    /** Judge agreement over (trial, judge grader) units, as the executor computes it. */
    public Double judgeAgreement() {
        var units = new ArrayList<List<Double>>();
        trials.values().forEach(t -> {
            var byGrader = new LinkedHashMap<Integer, List<Double>>();
            t.verdicts.forEach(v -> byGrader.computeIfAbsent(v.graderIndex(), i -> new ArrayList<>())
                    .add(v.score()));
            units.addAll(byGrader.values());
        });
        return RunStatistics.judgeAgreement(units);
    }

    public RunCompleted completed() {
        return new RunCompleted(id, summaries(), judgeAgreement(), caseMeans());
    }

    private Trial trial(String caseId, String model, int repeat) {
        return trials.computeIfAbsent(new TrialKey(caseId, model, repeat), k -> new Trial());
    }
}

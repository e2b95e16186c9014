package io.benchmarkhub.query.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.PromptMessage;
import io.benchmarkhub.domain.run.RunComparison;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.query.failuremode.FailureModeQueries.FirstSeen;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the runs read model answers with; field names are the REST contract (API.md, "Runs"). */
public final class RunViews {

    private RunViews() {}

    /** Settled trials (answered or failed) of all trials (cases × models × repeats). */
    public record Progress(long done, long total) {}

    public record Latency(Double p50, Double p95, Double p99) {}

    /**
     * One model's results. {@code n} is the number of scored trials (failed calls included, they score 0);
     * {@code ci95} is a bootstrap interval over cases, {@code passRateCi95} a Wilson interval over trials.
     */
    public record ModelView(
            String model,
            boolean simulated,
            Double score,
            List<Double> ci95,
            Double passRate,
            List<Double> passRateCi95,
            int n,
            int trials,
            int failedCalls,
            Latency latencyMs,
            long costMicros,
            long costPerCaseMicros,
            long judgeCostMicros,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double passHatK) {

        public static ModelView of(ModelSummary s) {
            return new ModelView(
                    s.model(),
                    s.simulated(),
                    s.score(),
                    interval(s.scoreLow(), s.scoreHigh()),
                    s.passRate(),
                    interval(s.passRateLow(), s.passRateHigh()),
                    s.scored(),
                    s.trials(),
                    s.failedCalls(),
                    new Latency(s.latencyP50Ms(), s.latencyP95Ms(), s.latencyP99Ms()),
                    s.costMicros(),
                    s.costPerCaseMicros(),
                    s.judgeCostMicros(),
                    s.passHatK());
        }

        private static List<Double> interval(Double low, Double high) {
            return low == null || high == null ? null : List.of(low, high);
        }
    }

    /** Pearson and Spearman between the mean human score and the mean judge score of each graded (case, model). */
    public record HumanAgreement(Double pearson, Double spearman, int n) {}

    /** A SUSPENDED run waits for its requester: why, and where to send its BYOK key again ({@code POST}, {@code X-Provider-Key}). */
    public record Resume(String reason, String href) {}

    /**
     * A run. {@code completedAt} is when it ended, however it ended; {@code failureReason} is set for FAILED and
     * TIMED_OUT, {@code cancelledBy} for CANCELLED, {@code resume} for SUSPENDED (the run can be resumed).
     */
    public record RunView(
            String id,
            String benchmarkId,
            long benchmarkVersion,
            String contentHash,
            RunStatus status,
            Progress progress,
            List<ModelView> models,
            int repeats,
            String trigger,
            JsonNode graders,
            JsonNode judgePanels,
            JsonNode decisionCriteria,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double judgeAgreement,
            @JsonInclude(JsonInclude.Include.NON_NULL) HumanAgreement humanAgreement,
            @JsonInclude(JsonInclude.Include.NON_NULL) String failureReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) String cancelledBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) Resume resume,
            Instant requestedAt,
            Instant startedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAt,
            Map<String, Double> caseWeights) {}

    public record RunListItem(
            String id,
            String benchmarkId,
            long benchmarkVersion,
            RunStatus status,
            List<String> models,
            Progress progress,
            String trigger,
            Instant requestedAt,
            Instant startedAt,
            Instant completedAt) {}

    /** Where a run is, for the event stream: cheap to read every few hundred milliseconds. */
    public record RunProgress(RunStatus status, long done, long total, String failureReason) {}

    /** One judge's verdict on a trial; a failed verdict has no score and says why in {@code failure}. */
    public record VerdictView(
            int graderIndex,
            String judge,
            Double score,
            boolean failed,
            String rationale,
            String failure,
            boolean selfPreference,
            long costMicros,
            int attempts) {}

    /** Why the model gave no usable answer: RATE_LIMITED, SERVER_ERROR, TIMEOUT, MALFORMED_RESPONSE, CLIENT_ERROR or NETWORK. */
    public record CallFailure(String kind, String reason, Integer httpStatus) {}

    public record HumanGradeView(String gradedBy, double score, String comment, Instant gradedAt) {}

    /**
     * One settled trial. {@code outcome} is ANSWERED or FAILED; {@code score} and {@code passed} are null while
     * nothing has graded it. Human grades are per (case, model), so every repeat shows the same ones. {@code prompt} is
     * the chat messages the model was sent (the pinned version's template, or the label's variant, over the case's input);
     * {@code judgesDisagree} says its judge panel split (the results' filter of that name).
     */
    public record TrialView(
            String caseId,
            String model,
            int repeat,
            String outcome,
            String output,
            Double score,
            Boolean passed,
            Long latencyMs,
            Long promptTokens,
            Long completionTokens,
            long costMicros,
            long judgeCostMicros,
            Integer attempts,
            Boolean simulated,
            String generationId,
            List<GraderResult> grades,
            List<VerdictView> verdicts,
            CallFailure failure,
            List<HumanGradeView> humanGrades,
            Instant settledAt,
            List<PromptMessage> prompt,
            boolean judgesDisagree) {}

    /** A page of trials in (model, caseId, repeat) order; {@code nextCursor} is null on the last page. */
    public record ResultsPage(List<TrialView> items, String nextCursor) {}

    /**
     * A case of a comparison: WON, LOST or TIED for the candidate, both models' per-case mean score, and each one's answer
     * on its first settled repeat (null when that call failed).
     */
    public record ComparedCase(
            String caseId,
            String outcome,
            double baselineScore,
            double candidateScore,
            String baselineOutput,
            String candidateOutput) {}

    /** A page of a comparison's cases in the run's case order; {@code nextCursor} is null on the last page. */
    public record ComparedCases(
            String runId, String baseline, String candidate, List<ComparedCase> items, String nextCursor) {}

    /** The paired difference candidate − baseline over the cases both have a score on (each case's mean over repeats). */
    public record Difference(int n, Double mean, List<Double> ci95, Double pValue) {}

    /**
     * A way the candidate fails where the baseline does not: a grader (GRADER, with its index and type) the candidate
     * fails on a case the baseline passes it on, a failed call (CALL_FAILURE, with its kind) on a case the baseline
     * answered every time, or a known failure mode (KNOWN, with its name) the candidate still shows and the baseline does
     * not. {@code cases} counts those cases (for KNOWN: the tagged cases the candidate fails); a few of them are named.
     */
    public record FailureMode(
            String kind,
            Integer graderIndex,
            String graderType,
            String failureKind,
            int cases,
            List<String> exampleCaseIds,
            @JsonInclude(JsonInclude.Include.NON_NULL) String name) {

        public FailureMode(
                String kind,
                Integer graderIndex,
                String graderType,
                String failureKind,
                int cases,
                List<String> exampleCaseIds) {
            this(kind, graderIndex, graderType, failureKind, cases, exampleCaseIds, null);
        }
    }

    /**
     * One model's status on a known failure mode in a run (FailureModeCheck's rule): it fails {@code failing} of the
     * {@code tagged} cases it has a graded trial on; {@code failingCaseIds} names them.
     */
    public record FailureModeStatus(
            String model, FailureModeCheck.Status status, int failing, int tagged, List<String> failingCaseIds) {

        public static FailureModeStatus of(String model, FailureModeCheck.Result result) {
            return new FailureModeStatus(
                    model, result.status(), result.failing(), result.tagged(), result.failingCaseIds());
        }
    }

    /** A known failure mode of the run's benchmark and each of the run's models' status on it. */
    public record RunFailureMode(
            String name, String note, List<String> caseIds, FirstSeen firstSeen, List<FailureModeStatus> models) {}

    /** GET /api/runs/{id}/failure-modes: the benchmark's known failure modes checked on this run, first seen first. */
    public record RunFailureModes(String runId, String benchmarkId, List<RunFailureMode> items) {}

    /**
     * A known failure mode in a comparison: the candidate's and the baseline's status; {@code candidateOnly} when the
     * candidate still shows it and the baseline does not.
     */
    public record KnownFailureModeComparison(
            String name, String note, FailureModeStatus candidate, FailureModeStatus baseline, boolean candidateOnly) {}

    /** A rubric line checked on the candidate; {@code ideal}, {@code idealMet} and {@code weight} are null when the line has none. */
    public record CriterionCheck(
            String metric,
            String op,
            double threshold,
            String severity,
            Double actual,
            boolean met,
            Double ideal,
            Boolean idealMet,
            Double weight) {}

    public record Comparison(
            String runId,
            RunStatus status,
            String baseline,
            String candidate,
            ModelView baselineSummary,
            ModelView candidateSummary,
            Difference difference,
            int casesWon,
            int casesLost,
            int casesTied,
            List<FailureMode> failureModes,
            RunComparison.Verdict verdict,
            List<String> reasons,
            List<CriterionCheck> criteria,
            Double rubricScore,
            List<KnownFailureModeComparison> knownFailureModes) {}
}

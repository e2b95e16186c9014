package io.benchmarkhub.api.run;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.workspace.Workspaces;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.query.Page;
import io.benchmarkhub.query.run.RunQueries;
import io.benchmarkhub.query.run.RunQueries.ResultsQuery;
import io.benchmarkhub.query.run.RunViews.ComparedCases;
import io.benchmarkhub.query.run.RunViews.Comparison;
import io.benchmarkhub.query.run.RunViews.ResultsPage;
import io.benchmarkhub.query.run.RunViews.RunListItem;
import io.benchmarkhub.query.run.RunViews.RunProgress;
import io.benchmarkhub.query.run.RunViews.RunView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The run queries (the commands, POST /api/runs and friends, are in RunCommandController). A run is
 * visible only to the user who requested it; for anyone else, admins included, it does not exist (404).
 */
@RestController
@RequestMapping("/api/runs")
@Tag(name = "Runs (queries)")
class RunQueryController {

    private static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_RESULTS = 200;
    static final String HISTORY_402 =
            "the run is outside the Free plan's history window: a run of a benchmark that is not "
                    + "public, requested before windowStart, in a billing space on Free (limit history; docs/plans.md)";

    private final RunQueries runs;
    private final RunProgressStreams streams;
    private final PlanLimits limits;

    public RunQueryController(RunQueries runs, RunProgressStreams streams, PlanLimits limits) {
        this.runs = runs;
        this.streams = streams;
        this.limits = limits;
    }

    @GetMapping
    @Operation(
            summary = "Your runs, newest first",
            description = "Only runs you may see: your personal runs and your workspaces' runs. Filters: benchmarkId, "
                    + "workspaceId, status (REQUESTED, RUNNING, COMPLETED, FAILED, CANCELLED, TIMED_OUT). Paged with "
                    + "page (from 0) and size (1-100): {items, page, size, total}. Where plans are sold, a run of a "
                    + "benchmark that is not public, requested before Free's history window "
                    + "(benchmarkhub.plans.free-history, 30 days) in a billing space on Free, is left out "
                    + "(docs/plans.md).")
    @ProblemResponse(status = "400", description = "paging or status is not valid (the problem names it)")
    @ProblemResponse(status = "404", description = "workspaceId names a workspace the caller is not a member of")
    public Page<RunListItem> list(
            @RequestParam(required = false) String benchmarkId,
            @RequestParam(required = false) String status,
            @Parameter(description = "a workspace's runs (every member's); its members only (404 for anyone else)")
                    @RequestParam(required = false)
                    String workspaceId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @AuthenticationPrincipal CurrentUser user) {
        if (page < 0) throw new BadRequest("Bad paging.", List.of(new Violation("page", "must be 0 or more")));
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("size", "must be between 1 and " + MAX_PAGE_SIZE)));
        }
        RunStatus wanted = status == null || status.isBlank()
                ? null
                : Arrays.stream(RunStatus.values())
                        .filter(s -> s.name().equalsIgnoreCase(status.strip()))
                        .findFirst()
                        .orElseThrow(() -> new BadRequest(
                                "Unknown status.",
                                List.of(new Violation(
                                        "status", "must be one of " + Arrays.toString(RunStatus.values())))));
        String workspace = blankToNull(workspaceId);
        if (workspace != null) Workspaces.requireMember(user, workspace);
        return runs.list(
                blankToNull(benchmarkId),
                workspace,
                wanted,
                page,
                size,
                user.viewer(),
                limits.historyWindow(user.viewer()));
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "A run: status, progress and each model's results with confidence intervals",
            description =
                    "While the run executes, each model's summary is computed from the trials settled so far with "
                            + "the same scoring and statistics the run completes with (on a large run they may be some "
                            + "seconds older than progress, at most 30 s: each model's trials says how many they cover); "
                            + "a completed run shows the summaries it "
                            + "recorded. score is the mean of per-case means with a seeded bootstrap 95% interval over cases "
                            + "(ci95); passRate has a Wilson 95% interval; n counts scored trials (failed calls score 0). "
                            + "humanAgreement (Pearson and Spearman of mean human vs mean judge score per graded case and model) "
                            + "appears once someone has graded.")
    @ProblemResponse(status = "402", description = HISTORY_402)
    public RunView get(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        limits.checkRunHistory(id, user.viewer());
        return found(id, runs.find(id, user.viewer()));
    }

    @GetMapping("/{id}/results")
    @Operation(
            summary = "Per-trial results: output, grades, each judge's verdict, score, latency, tokens, cost",
            description =
                    "Settled trials in (model, caseId, repeat) order. failedOnly keeps trials whose call failed or "
                            + "that did not pass. judgesDisagree keeps trials whose judge panel split: on one LLM-judge grader, two "
                            + "judges' scores fall on both sides of its pass threshold (failed verdicts take no side). prompt is the "
                            + "chat messages the model was sent (the pinned version's template, or the candidate's prompt variant, over "
                            + "the case's input). A failed judge verdict has failed: true, no score, and failure saying why. "
                            + "Paged by cursor: {items, nextCursor}; pass nextCursor back as cursor, limit 1-200 (default 50).")
    @ProblemResponse(status = "402", description = HISTORY_402)
    public ResultsPage results(
            @PathVariable String id,
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String caseId,
            @RequestParam(defaultValue = "false") boolean failedOnly,
            @RequestParam(defaultValue = "false") boolean judgesDisagree,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal CurrentUser user) {
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("limit", "must be between 1 and " + MAX_RESULTS)));
        }
        limits.checkRunHistory(id, user.viewer());
        var query = new ResultsQuery(
                blankToNull(model), blankToNull(caseId), failedOnly, judgesDisagree, blankToNull(cursor), limit);
        return found(id, runs.results(id, query, user.viewer()));
    }

    @GetMapping("/{id}/compare")
    @Operation(
            summary = "Compare a candidate model with a baseline on this run, and whether to ship it",
            description =
                    "Paired difference candidate − baseline over the cases both have a score on (per-case mean over "
                            + "repeats) with a bootstrap 95% interval and a sign-flip permutation p-value; cases won, lost and tied; "
                            + "failure modes the candidate has and the baseline has not (per grader, per call-failure kind, and KNOWN: "
                            + "a known failure mode of the benchmark the candidate still shows and the baseline does not); knownFailureModes "
                            + "with both models' status on each known failure mode (GET /api/runs/{id}/failure-modes has the rule); "
                            + "and the verdict SHIP | SHIP_WITH_CAVEATS | DONT_SHIP on the decision criteria the run pinned "
                            + "(a failed MUST: DONT_SHIP, a failed SHOULD: SHIP_WITH_CAVEATS). Without criteria the paired "
                            + "difference decides, and the reasons say so. With baselineRun, the baseline model's trials come from that "
                            + "other run of the same benchmark (e.g. the same model on the base branch; the two models may then be the "
                            + "same), paired by case id over the cases both runs scored; grader and call-failure modes are then not compared, "
                            + "known failure modes are, each model in its own run.")
    @ProblemResponse(status = "402", description = HISTORY_402)
    public Comparison compare(
            @PathVariable String id,
            @RequestParam String baseline,
            @RequestParam String candidate,
            @Parameter(description = "another run of the same benchmark that holds the baseline model")
                    @RequestParam(required = false)
                    String baselineRun,
            @AuthenticationPrincipal CurrentUser user) {
        limits.checkRunHistory(id, user.viewer());
        if (baselineRun != null && !baselineRun.isBlank()) {
            limits.checkRunHistory(baselineRun.strip(), user.viewer());
            return found(id, runs.compareAcross(id, baselineRun.strip(), baseline, candidate, user.viewer()));
        }
        return found(id, runs.compare(id, baseline, candidate, user.viewer()));
    }

    @GetMapping("/{id}/compare/cases")
    @Operation(
            summary = "A comparison's cases, won, lost or tied, with both models' answers for a side-by-side read",
            description =
                    "Each case both models have a score on, in the run's case order: outcome WON (the candidate's "
                            + "per-case mean over repeats is higher), LOST or TIED, as /compare counts them; both means; and each "
                            + "model's answer on its first settled repeat (null when that call failed). outcome filters (WON, LOST, "
                            + "TIED). Paged by cursor: {items, nextCursor}; pass nextCursor back as cursor, limit 1-200 (default 50).")
    @ProblemResponse(status = "402", description = HISTORY_402)
    public ComparedCases compareCases(
            @PathVariable String id,
            @RequestParam String baseline,
            @RequestParam String candidate,
            @Parameter(description = "WON, LOST or TIED; all when absent") @RequestParam(required = false)
                    String outcome,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal CurrentUser user) {
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("limit", "must be between 1 and " + MAX_RESULTS)));
        }
        limits.checkRunHistory(id, user.viewer());
        String wanted = blankToNull(outcome);
        if (wanted != null) {
            wanted = wanted.strip().toUpperCase(java.util.Locale.ROOT);
            if (!List.of("WON", "LOST", "TIED").contains(wanted)) {
                throw new BadRequest(
                        "Unknown outcome.", List.of(new Violation("outcome", "must be one of WON, LOST, TIED")));
            }
        }
        return found(id, runs.compareCases(id, baseline, candidate, wanted, blankToNull(cursor), limit, user.viewer()));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Server-Sent Events with the run's progress",
            description = "event: progress, data {status, done, total}: at once and whenever one of them changes. "
                    + "A comment line (': heartbeat') after 15 s of silence. When the run is terminal, a last event: status, "
                    + "data {status, done, total, failureReason?}, and the stream ends. Streams end after 30 minutes; "
                    + "reconnect to go on. Any instance serves any run.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "the event stream",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "429",
            description =
                    "this user already holds "
                            + "streams-per-user progress streams on this instance (docs/limits.md); Retry-After says when to try again",
            headers =
                    @io.swagger.v3.oas.annotations.headers.Header(
                            name = "Retry-After",
                            description = "seconds",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "integer")),
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/problem+json",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(ref = "#/components/schemas/Problem")))
    @ProblemResponse(status = "402", description = HISTORY_402)
    public SseEmitter events(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        limits.checkRunHistory(id, user.viewer());
        RunProgress current = found(id, runs.progress(id, user.viewer()));
        return streams.open(id, user.viewer(), current);
    }

    private static <T> T found(String id, Optional<T> value) {
        return value.orElseThrow(() -> new RunException.NotFound(new RunId(id)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

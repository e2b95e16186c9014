package io.benchmarkhub.api.run;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.ReadYourWrites;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.command.run.RunExecutor;
import io.benchmarkhub.command.run.RunLauncher;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.commands.CancelRun;
import io.benchmarkhub.domain.run.commands.RecordHumanGrade;
import io.benchmarkhub.domain.run.commands.ResumeRun;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starting and steering runs. {@code POST /api/runs} answers 202 as soon as the run is recorded and readable; the
 * executor works in the background and {@code GET /api/runs/{id}} (or its SSE stream) shows progress.
 * A BYOK key ({@code X-Provider-Key}) is handed to this node's executor and kept in memory for the run only; a BYOK
 * run whose node stopped waits SUSPENDED until {@code POST /api/runs/{id}/resume} brings the key again.
 */
@RestController
@RequestMapping("/api/runs")
@Tag(name = "Runs")
class RunCommandController {

    public record RunRequest(
            String benchmarkId,
            Long benchmarkVersion,
            List<String> models,
            List<String> judges,
            Integer repeats,
            Billing billing,
            RunParams params,
            String trigger,
            Long timeoutSeconds,
            Long maxCostCredits,

            @Schema(
                    description = "the prompt variants to run, by name, when the benchmark holds several "
                            + "(default: its first, the default variant); the candidates are then each model with each "
                            + "variant, labelled model@variant in results, statistics and compare. Leave it out for a "
                            + "benchmark with one template.")
            List<String> prompts) {}

    public record Links(String self, String events, String results) {}

    public record RunAccepted(String id, String status, Links links) {}

    public record HumanGradeRequest(String caseId, String model, Double score, String comment) {}

    public record HumanGradeAccepted(String runId, String caseId, String model, double score) {}

    public record Cancelled(String id, String status) {}

    private final RunLauncher launcher;
    private final RunExecutor executor;
    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;

    public RunCommandController(
            RunLauncher launcher, RunExecutor executor, CommandGateway commands, ReadYourWrites readYourWrites) {
        this.launcher = launcher;
        this.executor = executor;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping
    @Operation(
            summary = "Run a benchmark version against models; 202 with the run's links",
            description =
                    "With billing CREDITS (the default) the run reserves the bound of all its calls first, capped by "
                            + "maxCostCredits, and each call to a paid model is sent only while the reservation covers its bound "
                            + "(docs/credits.md). params.maxTokens is at most benchmarkhub.credits.max-tokens in a CREDITS run, and each "
                            + "call's cap is lowered to the model's limit in the catalogue. A model whose price is not known is a 400 for "
                            + "CREDITS (use BYOK).")
    @ApiResponse(
            responseCode = "202",
            description = "The run is recorded; the executor works in the background",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunAccepted.class)))
    @ProblemResponse(
            status = "400",
            description = "a field is not valid (errors name it): models, judges, params.maxTokens, …")
    @ProblemResponse(
            status = "402",
            description = "CREDITS: the available credits do not cover the reservation ({available, needed}); "
                    + "maxCostCredits is below the bound of one trial ({available: the cap, needed: that bound}); or the account owes "
                    + "credits after a refund or dispute ({owed}). Nothing is recorded.")
    @ProblemResponse(
            status = "409",
            description = "CREDITS: the reservation was released (it waited past the grace period) before "
                    + "the run was recorded; nothing is recorded, ask again")
    @ApiResponse(
            responseCode = "429",
            description = "a fair-use limit (docs/limits.md): concurrent-runs or trials-per-day of this "
                    + "user, counted across all instances; the problem names it in limit, with max and retryAfterSeconds, and the "
                    + "Retry-After header says when to try again. Nothing is recorded.",
            headers =
                    @io.swagger.v3.oas.annotations.headers.Header(
                            name = "Retry-After",
                            description = "seconds",
                            schema = @Schema(type = "integer")),
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/Problem")))
    public ResponseEntity<RunAccepted> start(
            @RequestBody RunRequest body,
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "BYOK provider key, used for this run only and never stored")
                    @RequestHeader(name = "X-Provider-Key", required = false)
                    String providerKey) {
        if (body.benchmarkId() == null || body.benchmarkId().isBlank()) {
            throw new RunException.Invalid(List.of(new Violation("benchmarkId", "is required")));
        }
        if (body.trigger() != null && !body.trigger().matches("[a-z0-9_-]{1,32}")) {
            throw new RunException.Invalid(
                    List.of(new Violation("trigger", "must be 1-32 characters from a-z 0-9 _ -")));
        }
        RunId id = launcher.launch(
                new RunLauncher.Launch(
                        new BenchmarkId(body.benchmarkId()),
                        body.benchmarkVersion(),
                        body.models(),
                        body.judges(),
                        body.repeats(),
                        body.billing(),
                        body.params(),
                        body.trigger(),
                        body.timeoutSeconds(),
                        body.maxCostCredits(),
                        body.prompts()),
                user.actor(),
                providerKey);
        readYourWrites.awaitRun(id.value(), null);
        String self = "/api/runs/" + id;
        return ResponseEntity.accepted()
                .location(URI.create(self))
                .body(new RunAccepted(id.value(), "REQUESTED", new Links(self, self + "/events", self + "/results")));
    }

    @PostMapping("/estimate")
    @Operation(
            summary = "What a run would cost at most, before starting it: nothing is reserved or recorded",
            description =
                    "Takes the body of POST /api/runs and makes the same checks (400 naming the field). Answers the number of "
                            + "trials, the bound of all its calls in µ$ from catalogue prices (docs/credits.md: every candidate call with its "
                            + "completion cap, one call per judge of each answer; simulated models cost 0) and, for CREDITS, the credits "
                            + "POST /api/runs would reserve (the bound, capped by maxCostCredits) and the bound of one trial. For BYOK, "
                            + "unpriced lists the models whose price is not known (not in the bound); for CREDITS they are a 400.")
    @ApiResponse(
            responseCode = "200",
            description = "The estimate",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RunLauncher.RunEstimate.class)))
    @ProblemResponse(status = "400", description = "a field is not valid (errors name it), as for POST /api/runs")
    @ProblemResponse(
            status = "402",
            description =
                    "CREDITS: maxCostCredits is below the bound of one trial ({available: the cap, needed: that bound})")
    public RunLauncher.RunEstimate estimate(
            @RequestBody RunRequest body,
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "BYOK provider key: only whether one is sent matters here; it is not used or kept")
                    @RequestHeader(name = "X-Provider-Key", required = false)
                    String providerKey) {
        if (body.benchmarkId() == null || body.benchmarkId().isBlank()) {
            throw new RunException.Invalid(List.of(new Violation("benchmarkId", "is required")));
        }
        return launcher.estimate(
                new RunLauncher.Launch(
                        new BenchmarkId(body.benchmarkId()),
                        body.benchmarkVersion(),
                        body.models(),
                        body.judges(),
                        body.repeats(),
                        body.billing(),
                        body.params(),
                        body.trigger(),
                        body.timeoutSeconds(),
                        body.maxCostCredits(),
                        body.prompts()),
                user.actor(),
                providerKey);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a run that has not finished; what was recorded stays")
    public Cancelled cancel(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        RunId runId = new RunId(id);
        commands.sendAndWait(new CancelRun(runId, user.actor()));
        executor.stopLocally(runId);
        readYourWrites.awaitRun(id, "CANCELLED");
        return new Cancelled(id, "CANCELLED");
    }

    @PostMapping("/{id}/resume")
    @Operation(
            summary = "Resume a BYOK run that waits for its key (SUSPENDED); 202",
            description =
                    "A BYOK key lives only in the memory of the node that runs the run. When that node stops, the run is "
                            + "suspended: it keeps what it recorded and waits. Send the key again in X-Provider-Key and the run goes on "
                            + "from its recorded trials, recording none of them twice. Only the user who requested the run may resume it.")
    @ApiResponse(
            responseCode = "202",
            description = "The run goes on; status is its status now (RUNNING, or REQUESTED if it had not started)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunAccepted.class)))
    @ProblemResponse(status = "409", description = "The run does not wait to be resumed; runStatus says what it is")
    public ResponseEntity<RunAccepted> resume(
            @PathVariable String id,
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "the run's BYOK provider key, sent again; used for this run only and never stored")
                    @RequestHeader(name = "X-Provider-Key", required = false)
                    String providerKey) {
        if (providerKey == null || providerKey.isBlank()) {
            throw new RunException.Invalid(
                    List.of(new Violation("X-Provider-Key", "is required: send the run's provider key again")));
        }
        RunId runId = new RunId(id);
        executor.resume(runId, providerKey, () -> commands.sendAndWait(new ResumeRun(runId, user.actor())));
        String status = readYourWrites.awaitRunLeaves(id, "SUSPENDED");
        String self = "/api/runs/" + id;
        return ResponseEntity.accepted()
                .location(URI.create(self))
                .body(new RunAccepted(id, status, new Links(self, self + "/events", self + "/results")));
    }

    @PostMapping("/{id}/human-grades")
    @Operation(summary = "Record your score in [0,1] for a model's answer to a case")
    @ApiResponse(
            responseCode = "201",
            description = "Recorded",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = HumanGradeAccepted.class)))
    public ResponseEntity<HumanGradeAccepted> humanGrade(
            @PathVariable String id, @RequestBody HumanGradeRequest body, @AuthenticationPrincipal CurrentUser user) {
        commands.sendAndWait(new RecordHumanGrade(
                new RunId(id), body.caseId(), body.model(), body.score(), body.comment(), user.actor()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new HumanGradeAccepted(id, body.caseId(), body.model(), body.score()));
    }
}

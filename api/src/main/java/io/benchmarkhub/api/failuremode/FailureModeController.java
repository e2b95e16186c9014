package io.benchmarkhub.api.failuremode;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.ReadYourWrites;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.commands.TagFailureMode;
import io.benchmarkhub.query.failuremode.FailureModeQueries;
import io.benchmarkhub.query.failuremode.FailureModeQueries.BenchmarkFailureModes;
import io.benchmarkhub.query.run.RunQueries;
import io.benchmarkhub.query.run.RunViews.RunFailureModes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Known failure modes (issue 16, docs/runs.md): a run's requester tags cases of the run that show one; the benchmark
 * keeps the list; every run says whether each of its models still shows each of them.
 */
@RestController
@Tag(name = "Failure modes")
class FailureModeController {

    public record TagRequest(String name, String note, List<String> caseIds, String model) {}

    /** {@code recorded} is false when the run had already tagged every case with that name (and the same note): nothing changed. */
    public record TagAccepted(String runId, String name, List<String> caseIds, boolean recorded) {}

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final RunQueries runs;
    private final FailureModeQueries failureModes;
    private final ObjectMapper mapper;
    private final PlanLimits limits;

    public FailureModeController(
            CommandGateway commands,
            ReadYourWrites readYourWrites,
            RunQueries runs,
            FailureModeQueries failureModes,
            ObjectMapper mapper,
            PlanLimits limits) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.runs = runs;
        this.failureModes = failureModes;
        this.mapper = mapper;
        this.limits = limits;
    }

    @PostMapping("/api/runs/{id}/failure-modes")
    @Operation(
            summary = "Tag cases of your run as showing a known failure mode (a name, an optional note)",
            description =
                    "Only the run's requester may tag it (anyone else: 404). caseIds must be cases of the benchmark version "
                            + "the run ran (400 naming the others); model, when given, a model of the run (the one it was seen on; a run "
                            + "of one model names it by itself). The same name (ignoring case and extra spaces) on the same benchmark is "
                            + "the same failure mode, whichever run tags it: its cases are the union, its note the latest given. Tagging "
                            + "what this run already tagged with that name records nothing (200, recorded false); otherwise 201. "
                            + "On a public benchmark the failure mode is shown to everyone who can see the benchmark, with the model and "
                            + "the run (which opens only for you), never who tagged it.")
    @ApiResponse(
            responseCode = "201",
            description = "Recorded",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TagAccepted.class)))
    @ApiResponse(
            responseCode = "200",
            description = "Nothing new: already tagged",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TagAccepted.class)))
    @ProblemResponse(status = "400", description = "name, note, caseIds or model is not valid (errors name it)")
    @ProblemResponse(status = "404", description = "no such run, or not yours")
    public ResponseEntity<TagAccepted> tag(
            @PathVariable String id,
            @RequestBody(required = false) TagRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        if (body == null) throw new RunException.Invalid(List.of(new Violation("name", "is required")));
        Boolean recorded = commands.sendAndWait(new TagFailureMode(
                new RunId(id), body.name(), body.note(), body.caseIds(), body.model(), user.actor()));
        List<String> cases = body.caseIds().stream().distinct().toList();
        if (Boolean.TRUE.equals(recorded)) {
            String note = body.note() == null || body.note().isBlank()
                    ? null
                    : body.note().strip();
            readYourWrites.awaitFailureModeTag(id, FailureModeCheck.key(body.name()), json(cases), note);
        }
        var accepted =
                new TagAccepted(id, FailureModeCheck.displayName(body.name()), cases, Boolean.TRUE.equals(recorded));
        return ResponseEntity.status(accepted.recorded() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(accepted);
    }

    @GetMapping("/api/runs/{id}/failure-modes")
    @Operation(
            summary =
                    "The benchmark's known failure modes, and whether each model of this run still shows each of them",
            description =
                    "Per failure mode and model of the run: status STILL_SHOWS, FIXED or NOT_TESTED, with failing of tagged. "
                            + "tagged counts the failure mode's cases this model has a graded trial on in this run (an answer with a "
                            + "pass/fail, or a failed call); the model fails a case unless more than half of its trials on it passed. "
                            + "STILL_SHOWS: it fails at least half of them; FIXED: fewer; NOT_TESTED: none of the cases counts here (not "
                            + "in this version, or not graded yet). Only failure modes of a benchmark you can see.")
    @ApiResponse(
            responseCode = "200",
            description = "The failure modes, first seen first",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = RunFailureModes.class)))
    @ProblemResponse(status = "404", description = "no such run, or not yours")
    @ProblemResponse(
            status = "402",
            description = "the run is outside the Free plan's history window (limit history; docs/plans.md)")
    public RunFailureModes ofRun(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        limits.checkRunHistory(id, user.viewer());
        return runs.failureModes(id, user.viewer()).orElseThrow(() -> new RunException.NotFound(new RunId(id)));
    }

    @GetMapping("/api/benchmarks/{id}/failure-modes")
    @Operation(
            summary = "A benchmark's known failure modes: name, note, tagged case ids, where and when first seen",
            description =
                    "Visible exactly when the benchmark is (a private one: its owner only; anyone else gets 404). firstSeen "
                            + "names the run and model of the first tag; the run opens only for its requester. Not paged.")
    @ApiResponse(
            responseCode = "200",
            description = "The failure modes, first seen first",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = BenchmarkFailureModes.class)))
    @ProblemResponse(status = "404", description = "no such benchmark, or not one you can see")
    public BenchmarkFailureModes ofBenchmark(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return failureModes
                .ofBenchmark(id, viewerOf(user))
                .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
    }

    private String json(List<String> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

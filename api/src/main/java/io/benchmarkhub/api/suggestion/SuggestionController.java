package io.benchmarkhub.api.suggestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.IfMatch;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.command.benchmark.Benchmark;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.suggestion.SuggestionException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-case suggestions (docs/suggestions.md): a benchmark's owner asks a model to draft cases; the drafts are
 * suggestions, never cases, until the owner accepts one (optionally edited), which adds it through the ordinary edit
 * path with {@code If-Match}.
 */
@RestController
@Tag(name = "Suggestions")
class SuggestionController {

    /** {@code draftPersonas}: 0-10 personas the model drafts first, the cases then written for them (only without {@code personas}). */
    public record SuggestionJobRequest(
            Integer count,
            String instructions,
            List<String> personas,
            List<String> edgeCaseTypes,
            String model,
            Billing billing,
            Integer draftPersonas) {}

    public record SuggestionJobLinks(String self, String suggestions) {}

    public record SuggestionJobAccepted(String jobId, String status, SuggestionJobLinks links) {}

    /**
     * @param proposed          suggestions that passed every check and were recorded
     * @param skippedMalformed  proposals, or whole answers, that could not be read or graded
     * @param skippedDuplicates proposals that duplicated a case or another proposal
     * @param costCredits       credits charged (CREDITS only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuggestionJobReport(
            int requested,
            int calls,
            int callsMade,
            long proposed,
            long skippedMalformed,
            long skippedDuplicates,
            long accepted,
            long rejected,
            long pending,
            long costMicros,
            Long reservedCredits,
            Long costCredits) {}

    /**
     * @param personas      the personas the cases are drafted for: those given, or those the model drafted (none yet while it
     *                      drafts them, or when its answer could not be read)
     * @param draftPersonas how many personas the model was asked to draft first (0: none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuggestionJobStatus(
            String id,
            String benchmarkId,
            long benchmarkVersion,
            String status,
            String failure,
            String model,
            Billing billing,
            String instructions,
            List<String> personas,
            int draftPersonas,
            List<String> edgeCaseTypes,
            SuggestionJobReport report,
            List<String> problems,
            Instant requestedAt,
            Instant endedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuggestionItem(
            String id,
            String jobId,
            String benchmarkId,
            String status,
            JsonNode input,
            JsonNode expected,
            List<String> tags,
            String persona,
            String edgeCaseType,
            String caseId,
            Long benchmarkVersion,
            Boolean edited,
            Instant proposedAt) {}

    public record SuggestionList(List<SuggestionItem> items) {}

    /**
     * {@code edited}: the owner's changes (input, expected, tags; what it leaves out keeps the suggestion's); left out to
     * accept the suggestion as it is.
     */
    public record AcceptSuggestionRequest(TestCase edited) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuggestionDecision(String id, String status, String benchmarkId, String caseId, Long version) {}

    private static final Set<String> STATUSES = Set.of("PENDING", "ACCEPTED", "REJECTED");

    private final SuggestionJobs jobs;

    public SuggestionController(SuggestionJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/api/benchmarks/{id}/suggestions")
    @Operation(
            summary = "Ask a model to draft cases for your benchmark; 202 with the job's id",
            description =
                    "count (1-50), optional instructions, personas (the count is shared out over them) or draftPersonas "
                            + "(0-10 personas the model drafts first, with one more call), edgeCaseTypes "
                            + "(boundary, format, empty, adversarial, long, typos, minority), model and billing (CREDITS by default, or "
                            + "BYOK with X-Provider-Key). Billed like a run: a CREDITS job on a paid model reserves the bound of all its "
                            + "calls first (402 when the credits do not cover it). On a workspace's benchmark (its members above "
                            + "viewer) a CREDITS job reserves on and is charged to the workspace's account, within the member's "
                            + "monthly spend limit, as a run is. Drafts are suggestions, never cases, until accepted.")
    @ApiResponse(
            responseCode = "202",
            description = "The job is recorded and runs in the background",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = SuggestionJobAccepted.class)))
    @ProblemResponse(
            status = "402",
            description = "CREDITS: the available credits do not cover the reservation ({available, needed}), "
                    + "or the account owes credits ({owed}), or on a workspace's benchmark the reservation would pass the "
                    + "member's monthly spend limit ({monthlySpendLimit, left, needed}). Nothing is recorded.")
    @ProblemResponse(
            status = "409",
            description = "CREDITS: the reservation was released before the job was recorded, or the caller left the "
                    + "workspace meanwhile; ask again")
    public ResponseEntity<SuggestionJobAccepted> start(
            @PathVariable String id,
            @RequestBody SuggestionJobRequest body,
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "BYOK provider key, used for this job only and never stored")
                    @RequestHeader(name = "X-Provider-Key", required = false)
                    String providerKey) {
        String jobId = jobs.start(
                new BenchmarkId(id),
                new SuggestionJobs.Request(
                        body.count(),
                        body.instructions(),
                        body.personas(),
                        body.edgeCaseTypes(),
                        body.model(),
                        body.billing(),
                        body.draftPersonas()),
                user.actor(),
                providerKey);
        String self = "/api/suggestion-jobs/" + jobId;
        return ResponseEntity.accepted()
                .location(URI.create(self))
                .body(new SuggestionJobAccepted(
                        jobId, "RUNNING", new SuggestionJobLinks(self, "/api/benchmarks/" + id + "/suggestions")));
    }

    @GetMapping("/api/suggestion-jobs/{jobId}")
    @Operation(
            summary =
                    "A suggestion job's status (RUNNING, COMPLETED, FAILED) and report: proposed, skipped as malformed, "
                            + "skipped as duplicates, accepted, rejected, pending, and the cost")
    public SuggestionJobStatus job(@PathVariable String jobId, @AuthenticationPrincipal CurrentUser user) {
        if (jobId.indexOf('.') >= 0) throw new SuggestionException.NotFound("suggestion job " + jobId);
        SuggestionView.Job job = SuggestionView.read(jobs.readJob(jobId, user.actor()));
        var r = job.request();
        var report = new SuggestionJobReport(
                r.count(),
                r.calls(),
                job.callsMade(),
                job.items().size(),
                job.malformed(),
                job.duplicates(),
                job.count("ACCEPTED"),
                job.count("REJECTED"),
                job.count("PENDING"),
                job.costMicros(),
                r.reservedCredits(),
                job.costCredits());
        return new SuggestionJobStatus(
                job.jobId(),
                job.benchmarkId().value(),
                job.benchmarkVersion(),
                job.status(),
                job.failure(),
                r.model(),
                r.billing(),
                r.instructions(),
                job.personas(),
                r.draftPersonas(),
                r.edgeCaseTypes(),
                report,
                job.problems(),
                job.requestedAt(),
                job.endedAt());
    }

    @GetMapping("/api/benchmarks/{id}/suggestions")
    @Operation(
            summary =
                    "The suggestions of your jobs on this benchmark, oldest first; status=PENDING|ACCEPTED|REJECTED filters them")
    public SuggestionList list(
            @PathVariable String id,
            @RequestParam(required = false) String status,
            @AuthenticationPrincipal CurrentUser user) {
        if (status != null && !STATUSES.contains(status)) {
            throw new SuggestionException.Invalid(
                    List.of(new Violation("status", "must be PENDING, ACCEPTED or REJECTED")));
        }
        BenchmarkId benchmarkId = new BenchmarkId(id);
        jobs.ownedBenchmark(benchmarkId, user.actor());
        var items = new ArrayList<SuggestionItem>();
        for (String jobId : jobs.jobsOf(benchmarkId, user.actor())) {
            SuggestionView.Job job = SuggestionView.read(jobs.readJob(jobId, user.actor()));
            for (SuggestionView.Item item : job.items()) {
                if (status != null && !status.equals(item.status())) continue;
                var s = item.suggestion();
                items.add(new SuggestionItem(
                        s.id(),
                        jobId,
                        id,
                        item.status(),
                        s.testCase().input(),
                        s.testCase().expected(),
                        s.testCase().tags(),
                        s.persona(),
                        s.edgeCaseType(),
                        item.caseId(),
                        item.benchmarkVersion(),
                        "ACCEPTED".equals(item.status()) ? item.edited() : null,
                        item.proposedAt()));
            }
        }
        return new SuggestionList(items);
    }

    @PostMapping("/api/suggestions/{id}/accept")
    @Operation(
            summary =
                    "Accept a suggestion, as it is or edited: it is added to the benchmark as a new case in a new version",
            description =
                    "If-Match (required) is the benchmark version the case is added to; a stale one is a 412 and changes "
                            + "nothing. A suggestion is decided once: accepting or rejecting it again is a 409.")
    @ApiResponse(
            responseCode = "200",
            description = "The case is added: the benchmark's new version (also the ETag) and the case id",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = SuggestionDecision.class)))
    @ProblemResponse(status = "409", description = "The suggestion was accepted or rejected already")
    public ResponseEntity<SuggestionDecision> accept(
            @PathVariable String id,
            @RequestBody(required = false) AcceptSuggestionRequest body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal CurrentUser user) {
        Benchmark.AddedCases added =
                jobs.accept(id, IfMatch.expectedVersion(ifMatch), body == null ? null : body.edited(), user.actor());
        String benchmarkId = SuggestionView.read(jobs.readJob(id, user.actor()))
                .benchmarkId()
                .value();
        return ResponseEntity.ok()
                .eTag(IfMatch.etag(added.version()))
                .body(new SuggestionDecision(
                        id, "ACCEPTED", benchmarkId, added.caseIds().getFirst(), added.version()));
    }

    @PostMapping("/api/suggestions/{id}/reject")
    @Operation(summary = "Reject a suggestion: it never enters the benchmark")
    @ApiResponse(
            responseCode = "200",
            description = "The suggestion is rejected",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = SuggestionDecision.class)))
    @ProblemResponse(status = "409", description = "The suggestion was accepted or rejected already")
    public SuggestionDecision reject(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        jobs.reject(id, user.actor());
        return new SuggestionDecision(id, "REJECTED", null, null, null);
    }
}

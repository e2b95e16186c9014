package io.benchmarkhub.api.releases;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Watchers and their release reports (issue 16, docs/releases.md). A watcher is its owner's alone. */
@RestController
@Tag(name = "Releases")
class WatcherController {

    public record Reports(List<Watchers.Report> items) {}

    public record WatcherList(List<Watchers.Watcher> items) {}

    public record WatcherPatch(Boolean paused) {}

    private final Watchers watchers;
    private final BenchmarkTimeTravel benchmarks;
    private final PlanLimits limits;

    public WatcherController(Watchers watchers, BenchmarkTimeTravel benchmarks, PlanLimits limits) {
        this.watchers = watchers;
        this.benchmarks = benchmarks;
        this.limits = limits;
    }

    @PostMapping("/api/watchers")
    @Operation(
            summary =
                    "Watch for new models: when one matching the patterns and limits appears, run the benchmarks on it and the production model",
            description =
                    "Patterns are globs (* for any characters, case-insensitive) on the catalogue's provider and vendor; a model's "
                            + "prompt price must be at most maxPromptMicrosPerMillion and its context at least minContextLength when given. Only "
                            + "models that appear after the watcher is made count, never a provider's first list. Each new matching model runs "
                            + "each benchmark once (models: the new one and productionModel; trigger watcher:<id>), however many nodes react.")
    @ApiResponse(
            responseCode = "201",
            description = "The watcher",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Watchers.Watcher.class)))
    @ProblemResponse(status = "400", description = "a field is not valid (errors name it)")
    @ProblemResponse(
            status = "402",
            description =
                    "the owner is not on Pro and a benchmark is not in a workspace on Team (limit scheduled-runs)")
    public ResponseEntity<Watchers.Watcher> createWatcher(
            @RequestBody(required = false) Watchers.NewWatcher body, @AuthenticationPrincipal CurrentUser user) {
        if (body == null)
            throw new BadRequest("The watcher is not valid", List.of(new Violation("benchmarkIds", "is required")));
        // the plan is checked on the benchmarks the caller sees; the others answer 400 from create
        if (body.benchmarkIds() != null) {
            limits.checkScheduledRuns(
                    user.id(),
                    body.benchmarkIds().stream()
                            .filter(id -> id != null && visible(id, user))
                            .toList());
        }
        var watcher = watchers.create(user.id(), body, id -> visible(id, user));
        return ResponseEntity.created(URI.create("/api/watchers/" + watcher.id()))
                .body(watcher);
    }

    @GetMapping("/api/watchers")
    @Operation(
            summary = "Your watchers, oldest first",
            description = "Each as POST /api/watchers answers it. Read each one's release "
                    + "reports with GET /api/watchers/{id}/reports.")
    @ApiResponse(
            responseCode = "200",
            description = "The watchers",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WatcherList.class)))
    public WatcherList listWatchers(@AuthenticationPrincipal CurrentUser user) {
        return new WatcherList(watchers.ofOwner(user.id().value()));
    }

    @GetMapping("/api/watchers/{id}")
    @Operation(summary = "A watcher")
    @ApiResponse(
            responseCode = "200",
            description = "The watcher",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Watchers.Watcher.class)))
    @ProblemResponse(status = "404", description = "no such watcher, or not the caller's")
    public Watchers.Watcher getWatcher(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return owned(id, user);
    }

    @PatchMapping("/api/watchers/{id}")
    @Operation(
            summary = "Pause ({paused: true}) or resume ({paused: false}) a watcher",
            description =
                    "A paused watcher starts no runs. The matching models that appear while it is paused are not dropped: on "
                            + "resume each is evaluated once (each benchmark run once on it), as if it had appeared then. A run claimed before "
                            + "the pause still starts.")
    @ApiResponse(
            responseCode = "200",
            description = "The watcher",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Watchers.Watcher.class)))
    @ProblemResponse(status = "400", description = "paused is missing")
    @ProblemResponse(
            status = "402",
            description = "resuming, and the plan no longer allows release watchers (limit scheduled-runs)")
    @ProblemResponse(status = "404", description = "no such watcher, or not the caller's")
    public Watchers.Watcher pauseOrResumeWatcher(
            @PathVariable String id,
            @RequestBody(required = false) WatcherPatch body,
            @AuthenticationPrincipal CurrentUser user) {
        var watcher = owned(id, user);
        if (body == null || body.paused() == null)
            throw new BadRequest("Nothing to change", List.of(new Violation("paused", "is required")));
        if (!body.paused()) limits.checkScheduledRuns(user.id(), watcher.benchmarkIds());
        watchers.setPaused(id, body.paused(), user.id());
        return owned(id, user);
    }

    @DeleteMapping("/api/watchers/{id}")
    @Operation(summary = "Stop watching: delete a watcher and its release reports; the runs it made stay")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponse(status = "404", description = "no such watcher, or not the caller's")
    public ResponseEntity<Void> deleteWatcher(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        owned(id, user);
        watchers.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/watchers/{id}/reports")
    @Operation(
            summary =
                    "Release reports, newest model first: per benchmark the run and its comparison with the production model "
                            + "(score ± CI, paired difference with p-value, cost, p95 latency, failure modes, verdict and reasons, as GET /api/runs/{id}/compare "
                            + "answers), failureModes (the benchmark's known failure modes on the new model: name, status STILL_SHOWS | FIXED | "
                            + "NOT_TESTED, failing of tagged cases), and the overall verdict, the worst of the benchmarks' (null until every run has one)")
    @ApiResponse(
            responseCode = "200",
            description = "The reports",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Reports.class)))
    @ProblemResponse(status = "404", description = "no such watcher, or not the caller's")
    public Reports watcherReports(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return new Reports(watchers.reports(owned(id, user)));
    }

    @GetMapping("/api/watchers/{id}/trend")
    @Operation(
            summary =
                    "The trend over releases, per vendor: each new model's score difference against the production model (95% CI) "
                            + "and relative cost change, oldest first, and their means across releases",
            description =
                    "Per release: scoreDifference is the mean over its benchmarks with a completed comparison of the paired "
                            + "difference new − production (the compare endpoint's difference.mean; ci95 combines the benchmarks' intervals as "
                            + "independent normal ones), relativeCostChange the new model's cost over those benchmarks divided by the production "
                            + "model's, minus one (−0.2: 20% cheaper). Summary per vendor: n releases with a score difference, their mean with a "
                            + "Student-t 95% interval over the releases (the single release's own interval when n = 1), and the mean relative "
                            + "cost change over costN releases. Vendor is the catalogue's (the model id's part before '/'). Only the watcher's "
                            + "owner reads it.")
    @ApiResponse(
            responseCode = "200",
            description = "The trend",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ReleaseTrend.WatcherTrend.class)))
    @ProblemResponse(status = "404", description = "no such watcher, or not the caller's")
    public ReleaseTrend.WatcherTrend watcherTrend(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        Watchers.Watcher watcher = owned(id, user);
        return ReleaseTrend.of(watcher.id(), watcher.productionModel(), watchers.reports(watcher));
    }

    private boolean visible(String benchmarkId, CurrentUser user) {
        try {
            return benchmarks
                    .current(benchmarkId)
                    .filter(b -> BenchmarkTimeTravel.visibleTo(b, user))
                    .isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Watchers.Watcher owned(String id, CurrentUser user) {
        return watchers.find(id)
                .filter(w -> w.ownerId().equals(user.id().value()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No watcher " + id + "."));
    }
}

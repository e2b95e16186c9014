package io.benchmarkhub.api.releases;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
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

/** Scheduled runs of a benchmark (issue 16, docs/releases.md). Only the benchmark's owner schedules; a schedule is its owner's alone. */
@RestController
@Tag(name = "Releases")
class ScheduleController {

    public record SchedulePatch(Boolean paused) {}

    public record ScheduleList(List<Schedules.Schedule> items) {}

    private final Schedules schedules;
    private final BenchmarkTimeTravel benchmarks;
    private final PlanLimits limits;

    public ScheduleController(Schedules schedules, BenchmarkTimeTravel benchmarks, PlanLimits limits) {
        this.schedules = schedules;
        this.benchmarks = benchmarks;
        this.limits = limits;
    }

    @PostMapping("/api/benchmarks/{id}/schedules")
    @Operation(
            summary =
                    "Schedule runs of a benchmark: cron and time zone, models, repeats, CREDITS billing, a monthly credit cap",
            description =
                    "cron is Unix (5 fields) or Quartz (6-7 fields, seconds first), read in timeZone. Each fire starts one run of "
                            + "the benchmark's current version, recorded with trigger schedule:<scheduleId>; on every node together a fire makes "
                            + "one run at most. misfirePolicy (FIRE_ONCE, the default, or SKIP) says what happens to fires missed while no node ran. "
                            + "Each run may reserve at most what is left of monthlyCreditCap this month (in timeZone); when nothing is left the "
                            + "fire is skipped with reason BUDGET_REACHED.")
    @ApiResponse(
            responseCode = "201",
            description = "The schedule",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Schedules.Schedule.class)))
    @ProblemResponse(
            status = "400",
            description = "a field is not valid (errors name it): cron, timeZone, models, repeats, billing, …")
    @ProblemResponse(
            status = "402",
            description =
                    "the owner is not on Pro and the benchmark is not in a workspace on Team (limit scheduled-runs)")
    @ProblemResponse(
            status = "403",
            description =
                    "the caller sees the benchmark but does not own it, or it is a workspace's and they are now its viewer "
                            + "(or, for a public one, no longer a member)")
    @ProblemResponse(status = "404", description = "no such benchmark, or one the caller cannot see")
    public ResponseEntity<Schedules.Schedule> createSchedule(
            @PathVariable String id,
            @RequestBody(required = false) Schedules.NewSchedule body,
            @AuthenticationPrincipal CurrentUser user) {
        requireRole(ownedBenchmark(id, user), user);
        limits.checkScheduledRuns(user.id(), List.of(id));
        if (body == null)
            throw new BadRequest("The schedule is not valid", List.of(new Violation("cron", "is required")));
        var schedule = schedules.create(id, user.id(), body);
        return ResponseEntity.created(URI.create("/api/schedules/" + schedule.id()))
                .body(schedule);
    }

    @GetMapping("/api/benchmarks/{id}/schedules")
    @Operation(
            summary = "The benchmark's schedules, oldest first, each with its recent fires (the owner only)",
            description =
                    "What POST /api/benchmarks/{id}/schedules answers, for each schedule of this benchmark: paused or not, the next "
                            + "fire time, the credits reserved this month against monthlyCreditCap, and the last 100 fires, newest first.")
    @ApiResponse(
            responseCode = "200",
            description = "The schedules",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScheduleList.class)))
    @ProblemResponse(status = "403", description = "the caller sees the benchmark but does not own it")
    @ProblemResponse(status = "404", description = "no such benchmark, or one the caller cannot see")
    public ScheduleList benchmarkSchedules(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        ownedBenchmark(id, user);
        return new ScheduleList(schedules.ofBenchmark(id, user.id().value()));
    }

    @GetMapping("/api/schedules/{id}")
    @Operation(
            summary = "A schedule with its recent fires (each with its run and trigger {type: schedule, scheduleId})")
    @ApiResponse(
            responseCode = "200",
            description = "The schedule",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Schedules.Schedule.class)))
    @ProblemResponse(status = "404", description = "no such schedule, or not the caller's")
    public Schedules.Schedule getSchedule(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return owned(id, user);
    }

    @PatchMapping("/api/schedules/{id}")
    @Operation(
            summary =
                    "Pause ({paused: true}) or resume ({paused: false}) a schedule; a resumed schedule does not make up the fires it missed")
    @ApiResponse(
            responseCode = "200",
            description = "The schedule",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Schedules.Schedule.class)))
    @ProblemResponse(status = "400", description = "paused is missing")
    @ProblemResponse(
            status = "402",
            description = "resuming, and the plan no longer allows scheduled runs (limit scheduled-runs)")
    @ProblemResponse(
            status = "403",
            description =
                    "resuming a schedule of a workspace's benchmark whose creator is now its viewer (or, for a public one, "
                            + "no longer a member)")
    @ProblemResponse(
            status = "404",
            description =
                    "no such schedule, or not the caller's; when resuming, also one whose private benchmark the caller no "
                            + "longer sees (removed from its workspace)")
    public Schedules.Schedule pauseOrResumeSchedule(
            @PathVariable String id,
            @RequestBody(required = false) SchedulePatch body,
            @AuthenticationPrincipal CurrentUser user) {
        var schedule = owned(id, user);
        if (body == null || body.paused() == null)
            throw new BadRequest("Nothing to change", List.of(new Violation("paused", "is required")));
        if (!body.paused()) {
            resumable(schedule, user);
            limits.checkScheduledRuns(user.id(), List.of(schedule.benchmarkId()));
        }
        schedules.setPaused(id, body.paused(), user.id());
        return owned(id, user);
    }

    @DeleteMapping("/api/schedules/{id}")
    @Operation(summary = "Delete a schedule; the runs it made stay")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponse(status = "404", description = "no such schedule, or not the caller's")
    public ResponseEntity<Void> deleteSchedule(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        owned(id, user);
        schedules.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }

    /** Listing stays open to the creator whatever their role, so one made viewer can still find, pause and delete. */
    private BenchmarkHistory.Snapshot ownedBenchmark(String id, CurrentUser user) {
        var benchmark = benchmarks
                .current(id)
                .filter(b -> BenchmarkTimeTravel.visibleTo(b, user))
                .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
        if (!benchmark.ownerId().equals(user.id())) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Only the owner of a benchmark schedules its runs.");
        }
        return benchmark;
    }

    /**
     * The creator of a workspace's benchmark schedules it only while still a member above viewer, as a fire requires
     * (docs/workspaces.md); a removed one does not see a private benchmark any more and got 404 before this.
     */
    private static void requireRole(BenchmarkHistory.Snapshot benchmark, CurrentUser user) {
        if (!user.actor().maySchedule(benchmark.ownerId(), benchmark.workspaceId())) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "Only a member above viewer of the benchmark's workspace schedules its runs.");
        }
    }

    /** Resuming asks what creating asks: the schedule's benchmark still visible (else 404) and the role (else 403). */
    private void resumable(Schedules.Schedule schedule, CurrentUser user) {
        var benchmark = benchmarks
                .current(schedule.benchmarkId())
                .filter(b -> BenchmarkTimeTravel.visibleTo(b, user))
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No schedule " + schedule.id() + "."));
        requireRole(benchmark, user);
    }

    private Schedules.Schedule owned(String id, CurrentUser user) {
        return schedules
                .find(id)
                .filter(s -> s.ownerId().equals(user.id().value()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No schedule " + id + "."));
    }
}

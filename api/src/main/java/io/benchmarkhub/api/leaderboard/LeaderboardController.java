package io.benchmarkhub.api.leaderboard;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel.BenchmarkAsOf;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.query.leaderboard.ContaminationQueries;
import io.benchmarkhub.query.leaderboard.LeaderboardQueries;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.BenchmarkLeaderboard;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ContaminationFlag;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.Entry;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.FlagStatus;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ModelLeaderboard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leaderboards and integrity flags, all read from the leaderboards read model (docs/leaderboards.md). */
@RestController
@Tag(name = "Leaderboards and integrity")
class LeaderboardController {

    private final LeaderboardQueries leaderboards;
    private final ContaminationQueries contamination;
    private final BenchmarkTimeTravel timeTravel;
    private final PlanLimits limits;

    public LeaderboardController(
            LeaderboardQueries leaderboards,
            ContaminationQueries contamination,
            BenchmarkTimeTravel timeTravel,
            PlanLimits limits) {
        this.leaderboards = leaderboards;
        this.contamination = contamination;
        this.timeTravel = timeTravel;
        this.limits = limits;
    }

    @GetMapping("/api/benchmarks/{id}/leaderboard")
    @Operation(
            summary =
                    "A benchmark's leaderboard: each model's runs in the canonical configuration on this content, pooled",
            description =
                    "Only runs in the benchmark's canonical configuration count: pinned to any version with the content "
                            + "hash of the asked version (default: current), judged by the benchmark's own panels, with default params "
                            + "(no temperature, no maxTokens), and a model's result only with none of its calls failed. A run with an "
                            + "override is its owner's only (GET /api/runs/{id}); it never reaches a board, the global ranking or a "
                            + "contamination flag. Each user's first maxRunsPerUser runs per model count (cappedRuns: the others). "
                            + "Per model: score (mean over cases of each case's mean over the counted runs) with its seeded bootstrap "
                            + "95% interval over cases, rank range (models whose intervals overlap share ranks), pass rate with its "
                            + "Wilson interval over the counted trials, cost per case, p95 latency, cases, trials, runCount, userCount, "
                            + "and whether it is on the cost-quality Pareto frontier. Simulated models only with includeSimulated=true. "
                            + "Contamination flags are listed, open and withdrawn (status); contaminationSuspected marks an entry with "
                            + "an open one. Visible when the benchmark is. "
                            + "With asOf (an ISO-8601 instant): the board as it was then, pooled from the runs completed by then, the "
                            + "flags as they stood then, on the version the benchmark had then (rebuilt from its events); who may see it "
                            + "is decided by the benchmark's visibility now. 404 before the benchmark existed. A future instant answers "
                            + "the board so far.")
    @ProblemResponse(
            status = "402",
            description = "asOf is before the Free plan's history window on a benchmark that is not public, of a "
                    + "billing space on Free (limit history; docs/plans.md)")
    public BenchmarkLeaderboard benchmark(
            @PathVariable String id,
            @RequestParam(required = false) Long version,
            @RequestParam(defaultValue = "false") boolean includeSimulated,
            @Parameter(description = "an ISO-8601 instant, e.g. 2026-03-01T12:00:00Z") @RequestParam(required = false)
                    Instant asOf,
            @AuthenticationPrincipal CurrentUser user) {
        if (version != null && version < 1)
            throw new BadRequest("Bad version.", List.of(new Violation("version", "must be 1 or more")));
        if (asOf != null) {
            limits.checkBenchmarkHistory(id, asOf, viewerOf(user));
            BenchmarkAsOf then = timeTravel
                    .asOf(id, asOf, user)
                    .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
            return leaderboards.benchmarkAsOf(
                    id, version, then.version(), then.contentHash(), then.contaminationFlags(), includeSimulated, asOf);
        }
        return leaderboards
                .benchmark(id, version, includeSimulated, viewerOf(user))
                .orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
    }

    /** Up to this many benchmarks per leaders request: a library page is at most 100. */
    static final int MAX_LEADER_BENCHMARKS = 100;

    /** The best model of one benchmark's board: what a library card shows. */
    public record Leader(
            String benchmarkId, String model, boolean simulated, double score, List<Double> ci95, int runCount) {
        static Leader of(String benchmarkId, Entry entry) {
            return new Leader(
                    benchmarkId, entry.model(), entry.simulated(), entry.score(), entry.ci95(), entry.runCount());
        }
    }

    public record Leaders(List<Leader> leaders) {}

    @GetMapping("/api/leaderboards/leaders")
    @Operation(
            summary = "The best model of each of several benchmarks, with its score and 95% interval",
            description =
                    "One read for a page of library cards: for each benchmarkIds value (at most 100), the first entry of "
                            + "that benchmark's current leaderboard (GET /api/benchmarks/{id}/leaderboard, same pooling, same "
                            + "interval). Benchmarks the caller may not see, unknown ids and boards without an entry are left out. "
                            + "Simulated models only with includeSimulated=true.")
    public Leaders leaders(
            @RequestParam List<String> benchmarkIds,
            @RequestParam(defaultValue = "false") boolean includeSimulated,
            @AuthenticationPrincipal CurrentUser user) {
        var ids = new LinkedHashSet<String>();
        for (String id : benchmarkIds) if (id != null && !id.isBlank()) ids.add(id.strip());
        if (ids.size() > MAX_LEADER_BENCHMARKS) {
            throw new BadRequest(
                    "Too many benchmarks.", List.of(new Violation("benchmarkIds", "at most " + MAX_LEADER_BENCHMARKS)));
        }
        return new Leaders(leaderboards.currentBoards(ids, includeSimulated, viewerOf(user)).stream()
                .filter(board -> !board.entries().isEmpty())
                .map(board -> Leader.of(board.benchmarkId(), board.entries().getFirst()))
                .toList());
    }

    @GetMapping({"/api/leaderboards/models", "/api/leaderboard/models"})
    @Operation(
            summary = "The global model ranking over public benchmarks",
            description =
                    "Each model's strength is its expected score on a benchmark of median difficulty, from an additive "
                            + "model × benchmark fit (median polish) of every real model's leaderboard score (its canonical runs pooled) "
                            + "on the current content of every public benchmark, so "
                            + "which benchmarks a model ran does not flatter it. 95% interval: seeded percentile bootstrap over "
                            + "benchmarks. Filters: tag, category. Per model: strength, ci95, rank range, the public benchmarks it has a "
                            + "score on and the runs counted in those scores. Simulated (sim/…) models only with includeSimulated=true "
                            + "(they are then ranked with the real ones and marked simulated).")
    public ModelLeaderboard models(
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String category,
            @RequestParam(defaultValue = "false") boolean includeSimulated) {
        return leaderboards.models(blankToNull(tag), blankToNull(category), includeSimulated);
    }

    @GetMapping("/api/integrity/contamination")
    @Operation(
            summary = "Contamination flags on benchmarks you can see, strongest first",
            description =
                    "Each: benchmarkId, model, status, observed, expected, sigma, zScore, nCases, nBenchmarksForModel, "
                            + "nModelsForBenchmark, benchmarkVersion, raisedAt, and for a withdrawn flag its withdrawal (at; by and "
                            + "reason when an admin DISMISSED it; the detector's figures when the policy CLEARED it). "
                            + "status filters: OPEN, CLEARED, DISMISSED (default: all).")
    public List<ContaminationFlag> contamination(
            @RequestParam(required = false) String status, @AuthenticationPrincipal CurrentUser user) {
        FlagStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = Arrays.stream(FlagStatus.values())
                    .filter(s -> s.name().equalsIgnoreCase(status.strip()))
                    .findFirst()
                    .orElseThrow(() -> new BadRequest(
                            "Unknown status.", List.of(new Violation("status", "must be OPEN, CLEARED or DISMISSED"))));
        }
        return contamination.visible(viewerOf(user), wanted);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

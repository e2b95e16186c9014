package io.benchmarkhub.api.benchmark;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel.BenchmarkAsOf;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.IfMatch;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.benchmark.BenchmarkQueries;
import io.benchmarkhub.query.benchmark.BenchmarkViews.BenchmarkView;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VersionDiff;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VersionSummary;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VersionView;
import io.benchmarkhub.query.forks.ForkTreeQueries;
import io.benchmarkhub.query.forks.ForkTreeQueries.ForkTree;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The benchmark queries. A benchmark the caller may not see is a 404, exactly like a missing one. */
@RestController
@RequestMapping("/api/benchmarks")
@Tag(name = "Benchmarks (queries)")
class BenchmarkQueryController {

    private final BenchmarkQueries benchmarks;
    private final ForkTreeQueries forks;
    private final BenchmarkTimeTravel timeTravel;
    private final PlanLimits limits;

    public BenchmarkQueryController(
            BenchmarkQueries benchmarks, ForkTreeQueries forks, BenchmarkTimeTravel timeTravel, PlanLimits limits) {
        this.benchmarks = benchmarks;
        this.forks = forks;
        this.timeTravel = timeTravel;
        this.limits = limits;
    }

    @GetMapping("/{id}")
    @Operation(summary = "The current state of a benchmark, with one page of its cases", description = """
                    cases holds up to casesLimit cases (1000 by default and at most) in order; caseCount says how many the
                    version has. When there are more, casesNextCursor is set: pass it as casesCursor for the next page. A
                    cursor is for the version it was given out with (the ETag); after a change it is refused with 400
                    casesCursor and the cases are read again from the first page.""")
    public ResponseEntity<BenchmarkView> get(
            @PathVariable String id,
            @Parameter(description = "cases per page, 1 to 1000 (default 1000)") @RequestParam(required = false)
                    Integer casesLimit,
            @Parameter(description = "casesNextCursor of the previous page") @RequestParam(required = false)
                    String casesCursor,
            @AuthenticationPrincipal CurrentUser user) {
        BenchmarkView view = found(
                id, benchmarks.find(id, viewerOf(user), user == null ? null : user.actor(), casesLimit, casesCursor));
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    @GetMapping(value = "/{id}", params = "asOf")
    @Operation(summary = "A benchmark as it was at an instant (ISO-8601), rebuilt from its events stored up to then")
    @ProblemResponse(
            status = "402",
            description = "asOf is before the Free plan's history window on a benchmark that is not public, of a "
                    + "billing space on Free (limit history; docs/plans.md)")
    public BenchmarkAsOf getAsOf(
            @PathVariable String id,
            // springdoc documents both GETs of /{id} as one operation: without asOf, the current state
            @Parameter(description = "An instant (ISO-8601): the benchmark as it was then; without it, as it is now")
                    @RequestParam(required = false)
                    Instant asOf,
            @Parameter(description = "cases per page, 1 to 1000 (default 1000)") @RequestParam(required = false)
                    Integer casesLimit,
            @Parameter(description = "casesNextCursor of the previous page (same asOf)") @RequestParam(required = false)
                    String casesCursor,
            @AuthenticationPrincipal CurrentUser user) {
        if (asOf == null) throw new InvalidQuery("asOf", "must be an instant such as 2026-12-01T00:00:00Z");
        int limit = casesLimit == null ? BenchmarkQueries.CASES_PAGE_DEFAULT : casesLimit;
        if (limit < 1 || limit > BenchmarkQueries.CASES_PAGE_MAX) {
            throw new InvalidQuery("casesLimit", "must be from 1 to " + BenchmarkQueries.CASES_PAGE_MAX);
        }
        long current = found(id, benchmarks.currentVersion(id, viewerOf(user)));
        limits.checkBenchmarkHistory(id, asOf, viewerOf(user));
        BenchmarkAsOf state = found(id, timeTravel.asOfUpTo(id, asOf, current));
        int from = 0;
        if (casesCursor != null) {
            long[] cursor = AsOfCursor.parse(casesCursor);
            if (cursor[0] != state.version()) {
                throw new InvalidQuery(
                        "casesCursor",
                        "this cursor is for version " + cursor[0] + ", not version " + state.version()
                                + " (the state at this asOf): read the cases again from the first page");
            }
            from = (int) Math.min(cursor[1], state.cases().size());
        }
        int to = Math.min(state.cases().size(), from + limit);
        String next = to < state.cases().size() ? AsOfCursor.of(state.version(), to) : null;
        return state.withCases(state.cases().subList(from, to), next);
    }

    /** Where a page of a past state's cases ends: the version and the index of the next case, as opaque base64url. */
    private static final class AsOfCursor {
        static String of(long version, int offset) {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("a" + version + ":" + offset).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static long[] parse(String text) {
            try {
                String[] parts = new String(
                                java.util.Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8)
                        .split(":");
                if (parts.length != 2 || !parts[0].startsWith("a")) throw new IllegalArgumentException();
                long offset = Long.parseLong(parts[1]);
                if (offset < 0) throw new IllegalArgumentException();
                return new long[] {Long.parseLong(parts[0].substring(1)), offset};
            } catch (IllegalArgumentException e) {
                throw new InvalidQuery(
                        "casesCursor", "is not a cursor this API gave out; use casesNextCursor from the previous page");
            }
        }
    }

    @GetMapping("/{id}/versions")
    @Operation(summary = "The version history: who changed what kind of thing, when")
    public List<VersionSummary> versions(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return found(id, benchmarks.versions(id, viewerOf(user)));
    }

    @GetMapping("/{id}/versions/{version}")
    @Operation(summary = "A benchmark as it was at one version")
    public VersionView version(
            @PathVariable String id, @PathVariable long version, @AuthenticationPrincipal CurrentUser user) {
        return found(id, benchmarks.version(id, version, viewerOf(user)));
    }

    @GetMapping("/{id}/diff")
    @Operation(summary = "What changed between two versions, and the versions that changed it")
    public VersionDiff diff(
            @PathVariable String id,
            @RequestParam long from,
            @RequestParam long to,
            @AuthenticationPrincipal CurrentUser user) {
        return found(id, benchmarks.diff(id, from, to, viewerOf(user)));
    }

    @GetMapping("/{id}/forks")
    @Operation(summary = "The fork tree: the sources this benchmark descends from and every fork below it")
    public ForkTree forks(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return found(id, forks.tree(id, viewerOf(user)));
    }

    private static <T> T found(String id, Optional<T> value) {
        return value.orElseThrow(() -> new BenchmarkException.NotFound(new BenchmarkId(id)));
    }
}

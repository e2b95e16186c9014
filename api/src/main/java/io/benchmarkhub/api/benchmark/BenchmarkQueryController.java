package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel.BenchmarkAsOf;
import io.benchmarkhub.api.web.IfMatch;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
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
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.benchmarkhub.api.auth.CurrentUser.viewerOf;

/** The benchmark queries. A benchmark the caller may not see is a 404, exactly like a missing one. */
@RestController
@RequestMapping("/api/benchmarks")
@Tag(name = "Benchmarks (queries)")
public class BenchmarkQueryController {

    private final BenchmarkQueries benchmarks;
    private final ForkTreeQueries forks;
    private final BenchmarkTimeTravel timeTravel;

    public BenchmarkQueryController(BenchmarkQueries benchmarks, ForkTreeQueries forks, BenchmarkTimeTravel timeTravel) {
        this.benchmarks = benchmarks;
        this.forks = forks;
        this.timeTravel = timeTravel;
    }

    @GetMapping("/{id}")
    @Operation(summary = "The current state of a benchmark, with its cases")
    public ResponseEntity<BenchmarkView> get(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        BenchmarkView view = found(id, benchmarks.find(id, viewerOf(user)));
        return ResponseEntity.ok().eTag(IfMatch.etag(view.version())).body(view);
    }

    @GetMapping(value = "/{id}", params = "asOf")
    @Operation(summary = "A benchmark as it was at an instant (ISO-8601), rebuilt from its events stored up to then")
    public BenchmarkAsOf getAsOf(@PathVariable String id,
                                 // springdoc documents both GETs of /{id} as one operation: without asOf, the current state
                                 @Parameter(description = "An instant (ISO-8601): the benchmark as it was then; without it, as it is now")
                                 @RequestParam(required = false) Instant asOf, @AuthenticationPrincipal CurrentUser user) {
        return found(id, timeTravel.asOf(id, asOf, user == null ? null : user.id()));
    }

    @GetMapping("/{id}/versions")
    @Operation(summary = "The version history: who changed what kind of thing, when")
    public List<VersionSummary> versions(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return found(id, benchmarks.versions(id, viewerOf(user)));
    }

    @GetMapping("/{id}/versions/{version}")
    @Operation(summary = "A benchmark as it was at one version")
    public VersionView version(@PathVariable String id, @PathVariable long version, @AuthenticationPrincipal CurrentUser user) {
        return found(id, benchmarks.version(id, version, viewerOf(user)));
    }

    @GetMapping("/{id}/diff")
    @Operation(summary = "What changed between two versions, and the versions that changed it")
    public VersionDiff diff(@PathVariable String id, @RequestParam long from, @RequestParam long to,
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

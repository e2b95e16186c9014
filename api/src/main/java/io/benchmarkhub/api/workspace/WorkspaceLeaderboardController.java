package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.query.leaderboard.LeaderboardQueries;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ModelLeaderboard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's private leaderboards (docs/workspaces.md): its own ranking of models across its private benchmarks, by
 * the global ranking's method. Members only (404 for anyone else, like a workspace that does not exist); a Team feature
 * (402 on Free, docs/plans.md). Nothing here reaches the public boards: those read public benchmarks only.
 */
@RestController
@Tag(name = "Workspaces")
class WorkspaceLeaderboardController {

    private final Workspaces workspaces;
    private final PlanLimits limits;
    private final LeaderboardQueries leaderboards;

    WorkspaceLeaderboardController(Workspaces workspaces, PlanLimits limits, LeaderboardQueries leaderboards) {
        this.workspaces = workspaces;
        this.limits = limits;
        this.leaderboards = leaderboards;
    }

    @GetMapping("/api/workspaces/{id}/leaderboards/models")
    @Operation(
            summary = "The workspace's own ranking of models across its private benchmarks (members; Team plan)",
            description =
                    "As GET /api/leaderboards/models, over the workspace's private benchmarks instead of the public ones: each "
                            + "model's strength is its expected score on a benchmark of median difficulty, from an additive model × "
                            + "benchmark fit (median polish) of every model's leaderboard score on the current content of each of them; "
                            + "95% interval by seeded percentile bootstrap over benchmarks. Simulated models only with "
                            + "includeSimulated=true.")
    @ApiResponse(
            responseCode = "200",
            description = "The ranking",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ModelLeaderboard.class)))
    @ProblemResponse(
            status = "402",
            description = "the workspace is not on the Team plan (limit workspace-leaderboards)")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public ModelLeaderboard workspaceModels(
            @PathVariable String id,
            @RequestParam(defaultValue = "false") boolean includeSimulated,
            @AuthenticationPrincipal CurrentUser user) {
        if (workspaces.find(id, user.id()).isEmpty()) throw WorkspaceProblem.notFound(id);
        limits.checkWorkspaceLeaderboards(id);
        return leaderboards.workspaceModels(id, includeSimulated);
    }
}

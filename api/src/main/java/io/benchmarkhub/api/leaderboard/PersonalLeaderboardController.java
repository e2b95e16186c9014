package io.benchmarkhub.api.leaderboard;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own ranking of models across their personal private benchmarks (docs/plans.md), by the method of the
 * global and the workspace rankings (the same code, over another set of benchmarks). A Pro feature: 402 on Free where
 * plans are sold. Only ever the caller's own benchmarks: the route has no user id to ask for someone else's.
 */
@RestController
@Tag(name = "Leaderboards and integrity")
class PersonalLeaderboardController {

    private final PlanLimits limits;
    private final LeaderboardQueries leaderboards;

    PersonalLeaderboardController(PlanLimits limits, LeaderboardQueries leaderboards) {
        this.limits = limits;
        this.leaderboards = leaderboards;
    }

    @GetMapping("/api/me/leaderboards/models")
    @Operation(
            summary = "Your own ranking of models across your personal private benchmarks (Pro plan)",
            description =
                    "As GET /api/leaderboards/models, over your personal private benchmarks (not a workspace's, which have "
                            + "GET /api/workspaces/{id}/leaderboards/models) instead of the public ones: each model's strength is its "
                            + "expected score on a benchmark of median difficulty, from an additive model × benchmark fit (median "
                            + "polish) of every model's leaderboard score on the current content of each of them; 95% interval by "
                            + "seeded percentile bootstrap over benchmarks, and the rank range it allows. Simulated models only with "
                            + "includeSimulated=true.")
    @ApiResponse(
            responseCode = "200",
            description = "The ranking",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ModelLeaderboard.class)))
    @ProblemResponse(status = "401", description = "not signed in")
    @ProblemResponse(status = "402", description = "you are on Free (limit private-leaderboards, requiredPlan PRO)")
    public ModelLeaderboard personalModels(
            @RequestParam(defaultValue = "false") boolean includeSimulated, @AuthenticationPrincipal CurrentUser user) {
        limits.checkPersonalLeaderboards(user.id());
        return leaderboards.personalModels(user.id().value(), includeSimulated);
    }
}

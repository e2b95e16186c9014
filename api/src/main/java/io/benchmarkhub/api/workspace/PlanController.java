package io.benchmarkhub.api.workspace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plans Free, Pro and Team (issue 18, docs/plans.md): what each is meant to unlock, and for each feature whether the
 * server enforces it today. Subscriptions do not exist yet, so nothing is sold and no limit depends on a plan; the
 * answer says so instead of implying otherwise.
 */
@RestController
@Tag(name = "Workspaces")
public class PlanController {

    /** ENFORCED: the server applies it now, to everyone; PLANNED: described, not yet tied to a plan or checked. */
    public enum Enforcement {
        ENFORCED,
        PLANNED
    }

    public record Feature(String key, String description, Enforcement enforcement) {}

    public record Plan(String id, String name, String summary, boolean purchasable, List<Feature> features) {}

    public record PlanList(List<Plan> items) {}

    private static final PlanList PLANS = new PlanList(List.of(
            new Plan(
                    "FREE",
                    "Free",
                    "Public benchmarks and runs paid with credits or your own key",
                    false,
                    List.of(
                            new Feature(
                                    "public-benchmarks",
                                    "Create, fork and run public benchmarks",
                                    Enforcement.ENFORCED),
                            new Feature("private-benchmarks", "Private benchmarks, up to a limit", Enforcement.PLANNED),
                            new Feature("history", "Run history for a limited period", Enforcement.PLANNED))),
            new Plan(
                    "PRO",
                    "Pro",
                    "History, private leaderboards and judge panels for one person",
                    false,
                    List.of(
                            new Feature(
                                    "private-benchmarks",
                                    "Private benchmarks without the Free limit",
                                    Enforcement.PLANNED),
                            new Feature(
                                    "private-leaderboards",
                                    "Leaderboards over your private benchmarks",
                                    Enforcement.PLANNED),
                            new Feature("history", "Full run history", Enforcement.PLANNED),
                            new Feature("scheduled-runs", "Scheduled runs and release watchers", Enforcement.PLANNED))),
            new Plan(
                    "TEAM",
                    "Team",
                    "Everything in Pro, shared in workspaces",
                    false,
                    List.of(
                            new Feature(
                                    "workspaces",
                                    "Workspaces with owners, admins, members and viewers, invitations and workspace tokens",
                                    Enforcement.ENFORCED),
                            new Feature(
                                    "workspace-privacy",
                                    "A workspace's private benchmarks and runs visible to its members only",
                                    Enforcement.ENFORCED),
                            new Feature(
                                    "workspace-credits",
                                    "A workspace credit account with per-member monthly limits",
                                    Enforcement.PLANNED),
                            new Feature(
                                    "workspace-leaderboards",
                                    "The workspace's own ranking of models across its benchmarks",
                                    Enforcement.PLANNED)))));

    @GetMapping("/api/plans")
    @Operation(
            summary = "The plans Free, Pro and Team and what each unlocks",
            description =
                    "Each feature says whether the server enforces it today (ENFORCED, for everyone) or only describes it "
                            + "(PLANNED). No plan can be bought yet (purchasable false): workspaces are open to every user while "
                            + "subscriptions are being built.")
    @ApiResponse(
            responseCode = "200",
            description = "The plans",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanList.class)))
    public PlanList plans() {
        return PLANS;
    }
}

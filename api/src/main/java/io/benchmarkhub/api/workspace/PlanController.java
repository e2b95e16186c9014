package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.billing.Subscriptions;
import io.benchmarkhub.api.credits.CheckoutProperties;
import io.benchmarkhub.domain.billing.Plan;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plans Free, Pro and Team (issue 18, docs/plans.md): what each unlocks, its price here, and for each feature whether
 * the server enforces it today. A plan limit is enforced only where plans are sold (a price is configured), since nobody
 * could pay to lift it elsewhere; the answer says which.
 */
@RestController
@Tag(name = "Workspaces")
public class PlanController {

    /** ENFORCED: the server applies it now; PLANNED: described, not yet tied to a plan or checked. */
    public enum Enforcement {
        ENFORCED,
        PLANNED
    }

    public record Feature(String key, String description, Enforcement enforcement) {}

    /** {@code price}: what it costs per interval in minor units, null for Free or when it is not sold here. */
    public record Plan(
            String id,
            String name,
            String summary,
            boolean purchasable,
            Subscriptions.PlanPriceInfo price,
            List<Feature> features) {}

    public record PlanList(List<Plan> items) {}

    private final Subscriptions subscriptions;
    private final CheckoutProperties checkout;

    PlanController(Subscriptions subscriptions, CheckoutProperties checkout) {
        this.subscriptions = subscriptions;
        this.checkout = checkout;
    }

    @GetMapping("/api/plans")
    @Operation(
            summary = "The plans Free, Pro and Team, their prices and what each unlocks",
            description =
                    "Each feature says whether the server enforces it today (ENFORCED) or only describes it (PLANNED). A paid "
                            + "plan is purchasable (POST /api/billing/checkout) when this server has a Stripe key and a price for it; "
                            + "its limits are enforced only where plans are sold.")
    @ApiResponse(
            responseCode = "200",
            description = "The plans",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PlanList.class)))
    public PlanList plans() {
        Enforcement limits = subscriptions.sold() ? Enforcement.ENFORCED : Enforcement.PLANNED;
        int max = subscriptions.freePrivateBenchmarks();
        var pro = subscriptions.priceOf(io.benchmarkhub.domain.billing.Plan.PRO);
        var team = subscriptions.priceOf(io.benchmarkhub.domain.billing.Plan.TEAM);
        return new PlanList(List.of(
                new Plan(
                        "FREE",
                        "Free",
                        "Public benchmarks and runs paid with credits or your own key",
                        false,
                        null,
                        List.of(
                                new Feature(
                                        "public-benchmarks",
                                        "Create, fork and run public benchmarks",
                                        Enforcement.ENFORCED),
                                new Feature(
                                        "private-benchmarks",
                                        "Up to " + max
                                                + " private benchmarks in your personal space, and as many in each workspace on Free",
                                        limits),
                                new Feature(
                                        "history",
                                        "Run history of private benchmarks for the last "
                                                + subscriptions.freeHistory().toDays()
                                                + " days (older runs are kept, not shown)",
                                        limits))),
                new Plan(
                        "PRO",
                        "Pro",
                        "History, private leaderboards and judge panels for one person",
                        pro.isPresent() && checkout.enabled(),
                        pro.orElse(null),
                        List.of(
                                new Feature(
                                        "private-benchmarks",
                                        "Private benchmarks without the Free limit in your personal space",
                                        limits),
                                new Feature(
                                        "private-leaderboards",
                                        "A ranking of models across your private benchmarks",
                                        limits),
                                new Feature("history", "Full run history", limits),
                                new Feature(
                                        "scheduled-runs",
                                        "Scheduled runs and release watchers (also for a workspace's benchmarks on Team)",
                                        limits))),
                new Plan(
                        "TEAM",
                        "Team",
                        "Everything in Pro, shared in workspaces",
                        team.isPresent() && checkout.enabled(),
                        team.orElse(null),
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
                                        "workspace-private-benchmarks",
                                        "Private benchmarks without the Free limit in the workspace",
                                        limits),
                                new Feature(
                                        "workspace-leaderboards",
                                        "The workspace's own ranking of models across its private benchmarks",
                                        limits),
                                new Feature(
                                        "workspace-history",
                                        "Full run history of the workspace's private benchmarks",
                                        limits),
                                new Feature(
                                        "workspace-credits",
                                        "A workspace credit account with per-member monthly limits",
                                        Enforcement.ENFORCED)))));
    }
}

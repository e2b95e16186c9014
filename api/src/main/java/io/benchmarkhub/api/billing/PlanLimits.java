package io.benchmarkhub.api.billing;

import io.benchmarkhub.domain.billing.Plan;
import io.benchmarkhub.domain.user.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The limits of the plans, checked by the server before the write they guard (docs/plans.md). A limit a paid plan lifts
 * answers 402 naming it. Where no plan is sold ({@code benchmarkhub.plans.prices} empty) no limit applies, since nobody
 * could pay to lift it.
 */
@Service
public class PlanLimits {

    public static final String PRIVATE_BENCHMARKS = "private-benchmarks";
    public static final String WORKSPACE_LEADERBOARDS = "workspace-leaderboards";
    public static final String SCHEDULED_RUNS = "scheduled-runs";

    private final Subscriptions subscriptions;
    private final JdbcTemplate jdbc;

    PlanLimits(Subscriptions subscriptions, JdbcTemplate jdbc) {
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
    }

    /**
     * One more private benchmark in the creator's personal space ({@code workspaceId} null) or in the workspace: on Free,
     * at most {@code benchmarkhub.plans.free-private-benchmarks} of them. Counted from the library's read model, which
     * every create waits for before it answers.
     */
    public void checkOneMorePrivateBenchmark(UserId user, String workspaceId) {
        if (!subscriptions.sold()) return;
        Plan plan = workspaceId == null
                ? subscriptions.ofUser(user).plan()
                : subscriptions.ofWorkspace(workspaceId).plan();
        if (plan != Plan.FREE) return;
        int max = subscriptions.freePrivateBenchmarks();
        Long held = workspaceId == null
                ? jdbc.queryForObject(
                        "SELECT count(*) FROM benchmark WHERE owner_id = ? AND workspace_id IS NULL AND visibility = 'PRIVATE'",
                        Long.class,
                        user.value())
                : jdbc.queryForObject(
                        "SELECT count(*) FROM benchmark WHERE workspace_id = ? AND visibility = 'PRIVATE'",
                        Long.class,
                        workspaceId);
        if (held != null && held >= max) {
            throw PlanProblem.paymentRequired(
                    PRIVATE_BENCHMARKS,
                    Plan.FREE,
                    workspaceId == null ? Plan.PRO : Plan.TEAM,
                    max,
                    (workspaceId == null ? "Your personal space" : "This workspace") + " holds " + held
                            + " private benchmarks, the most the Free plan allows (" + max + "). "
                            + (workspaceId == null ? "Pro" : "Team")
                            + " lifts the limit; or make one public.");
        }
    }

    /** The workspace's own ranking of models (private leaderboards) is a Team feature: 402 on Free. */
    public void checkWorkspaceLeaderboards(String workspaceId) {
        if (!subscriptions.sold()) return;
        Plan plan = subscriptions.ofWorkspace(workspaceId).plan();
        if (plan != Plan.TEAM) {
            throw PlanProblem.paymentRequired(
                    WORKSPACE_LEADERBOARDS,
                    plan,
                    Plan.TEAM,
                    null,
                    "The workspace's own leaderboards are part of the Team plan; an owner can subscribe the workspace.");
        }
    }

    /**
     * Scheduled runs and release watchers (one feature, {@code scheduled-runs}) run unattended, which is what Pro sells:
     * allowed when the owner is on Pro, or when every benchmark they run belongs to a workspace on Team. Throws the 402.
     */
    public void checkScheduledRuns(UserId owner, Collection<String> benchmarkIds) {
        Optional<PlanProblem> refusal = scheduledRunsRefusal(owner, benchmarkIds);
        if (refusal.isPresent()) throw refusal.get();
    }

    /**
     * Why {@link #checkScheduledRuns} would refuse, if it would: also asked when a schedule fires or a watcher starts a
     * run, so a plan that ended stops them (the fire is recorded as refused).
     */
    public Optional<PlanProblem> scheduledRunsRefusal(UserId owner, Collection<String> benchmarkIds) {
        if (!subscriptions.sold()) return Optional.empty();
        Plan own = subscriptions.ofUser(owner).plan();
        if (own != Plan.FREE) return Optional.empty();
        for (String benchmarkId : benchmarkIds) {
            List<String> workspace = jdbc.queryForList(
                    "SELECT workspace_id FROM benchmark WHERE id = ? AND workspace_id IS NOT NULL",
                    String.class,
                    benchmarkId);
            if (workspace.isEmpty()) {
                return Optional.of(PlanProblem.paymentRequired(
                        SCHEDULED_RUNS,
                        own,
                        Plan.PRO,
                        null,
                        "Scheduled runs and release watchers are part of the Pro plan (or of a workspace on Team)."));
            }
            Plan plan = subscriptions.ofWorkspace(workspace.getFirst()).plan();
            if (plan != Plan.TEAM) {
                return Optional.of(PlanProblem.paymentRequired(
                        SCHEDULED_RUNS,
                        plan,
                        Plan.TEAM,
                        null,
                        "Scheduled runs and release watchers of a workspace's benchmark need the workspace on the Team "
                                + "plan, or you on Pro."));
            }
        }
        return Optional.empty();
    }
}

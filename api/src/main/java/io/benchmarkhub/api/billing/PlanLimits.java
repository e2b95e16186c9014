package io.benchmarkhub.api.billing;

import io.benchmarkhub.command.credits.store.PrivateBenchmarkSlots;
import io.benchmarkhub.domain.billing.Plan;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.run.HistoryWindow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
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
    public static final String HISTORY = "history";
    public static final String PRIVATE_LEADERBOARDS = "private-leaderboards";

    private final Subscriptions subscriptions;
    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final PrivateBenchmarkSlots slots;

    PlanLimits(Subscriptions subscriptions, JdbcTemplate jdbc, PrivateBenchmarkSlots slots) {
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.slots = slots;
    }

    /**
     * Runs {@code command}, which makes {@code benchmarkId} a private benchmark in the creator's personal space
     * ({@code workspaceId} null) or in the workspace, holding a slot for it first: on Free, at most
     * {@code benchmarkhub.plans.free-private-benchmarks} of them, else a 402 and nothing sent. The count is kept on the
     * command side ({@link PrivateBenchmarkSlots}), which takes the slot under a lock on the space, so two creations
     * racing on one node or two cannot both pass. A slot this call took is given back when the command fails. Slots
     * are recorded on every plan, so a plan that ends starts from the right count.
     */
    public <T> T withPrivateBenchmarkSlot(UserId user, String workspaceId, String benchmarkId, Supplier<T> command) {
        Plan plan = !subscriptions.sold()
                ? null
                : workspaceId == null
                        ? subscriptions.ofUser(user).plan()
                        : subscriptions.ofWorkspace(workspaceId).plan();
        int max = plan == Plan.FREE ? subscriptions.freePrivateBenchmarks() : -1;
        var taken = slots.take(PrivateBenchmarkSlots.space(user.value(), workspaceId), benchmarkId, max);
        if (!taken.taken()) {
            long held = taken.held();
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
        boolean done = false;
        try {
            T result = command.get();
            done = true;
            return result;
        } finally {
            if (!done && taken.fresh()) slots.release(benchmarkId);
        }
    }

    /** The benchmark became public: its private slot is free again. */
    public void releasePrivateBenchmarkSlot(String benchmarkId) {
        slots.release(benchmarkId);
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

    /** The personal ranking of models across one's private benchmarks is a Pro feature: 402 on Free. */
    public void checkPersonalLeaderboards(UserId user) {
        if (!subscriptions.sold()) return;
        Plan plan = subscriptions.ofUser(user).plan();
        if (plan == Plan.FREE) {
            throw PlanProblem.paymentRequired(
                    PRIVATE_LEADERBOARDS,
                    plan,
                    Plan.PRO,
                    null,
                    "Your own ranking of models across your private benchmarks is part of the Pro plan.");
        }
    }

    // --- run history (ADR 0042) -------------------------------------------------------------------------------------

    /** Where Free's history window starts now, or empty where plans are not sold (then history is not limited). */
    public Optional<Instant> historyStart() {
        if (!subscriptions.sold()) return Optional.empty();
        return Optional.of(subscriptions.now().minus(subscriptions.freeHistory()));
    }

    /**
     * The history window of {@code viewer}'s run lists: which of its billing spaces see everything (the personal space on
     * Pro, its workspaces on Team). Null where history is not limited.
     */
    public HistoryWindow historyWindow(Viewer viewer) {
        Optional<Instant> from = historyStart();
        if (from.isEmpty() || viewer.userId() == null) return null;
        boolean personal = subscriptions.ofUser(viewer.userId()).plan() != Plan.FREE;
        var workspaces = new HashSet<String>();
        for (String workspace : viewer.workspaceIds()) {
            if (subscriptions.ofWorkspace(workspace).plan() == Plan.TEAM) workspaces.add(workspace);
        }
        return new HistoryWindow(from.get(), personal, workspaces);
    }

    /**
     * A run the viewer may see, outside Free's history window: requested before its start, of a benchmark that is not
     * public, in a billing space on Free. Answers 402 {@code history}; a run the viewer may not see is left to the caller's
     * 404.
     */
    public void checkRunHistory(String runId, Viewer viewer) {
        Optional<Instant> from = historyStart();
        if (from.isEmpty() || viewer.userId() == null) return;
        var params = new MapSqlParameterSource("id", runId)
                .addValue("viewer", viewer.ownerParam())
                .addValue("from", Timestamp.from(from.get()));
        List<String> outside =
                named.query("""
                SELECT coalesce(r.workspace_id, '') AS space FROM run r
                 WHERE r.id = :id AND %s AND r.requested_at < :from
                   AND NOT EXISTS (SELECT 1 FROM benchmark b WHERE b.id = r.benchmark_id AND b.visibility = 'PUBLIC')""".formatted(Viewer.runVisibleTo("r")), params, (rs, n) -> rs.getString("space"));
        if (outside.isEmpty()) return;
        String workspace = outside.getFirst().isEmpty() ? null : outside.getFirst();
        checkSpaceHistory(viewer.userId(), workspace, from.get(), "This run was requested");
    }

    /**
     * {@code ?asOf=} on a benchmark {@code viewer} may see now: before Free's history window, on a benchmark that is not
     * public, of a billing space on Free, answers 402 {@code history}. One the viewer may not see is left to the caller's
     * 404, so the answer tells nothing of it.
     */
    public void checkBenchmarkHistory(String benchmarkId, Instant asOf, Viewer viewer) {
        Optional<Instant> from = historyStart();
        if (from.isEmpty() || !asOf.isBefore(from.get())) return;
        var owners = named.query(
                "SELECT b.owner_id, b.workspace_id FROM benchmark b WHERE b.id = :id AND b.visibility <> 'PUBLIC' AND "
                        + Viewer.visibleTo("b"),
                new MapSqlParameterSource("id", benchmarkId).addValue("viewer", viewer.ownerParam()),
                (rs, n) -> new String[] {rs.getString("owner_id"), rs.getString("workspace_id")});
        if (owners.isEmpty()) return;
        String[] owner = owners.getFirst();
        checkSpaceHistory(new UserId(owner[0]), owner[1], from.get(), "This asOf is");
    }

    private void checkSpaceHistory(UserId person, String workspace, Instant from, String what) {
        Plan plan = workspace == null
                ? subscriptions.ofUser(person).plan()
                : subscriptions.ofWorkspace(workspace).plan();
        Plan needs = workspace == null ? Plan.PRO : Plan.TEAM;
        if (workspace == null ? plan != Plan.FREE : plan == Plan.TEAM) return;
        long days = subscriptions.freeHistory().toDays();
        PlanProblem problem = PlanProblem.paymentRequired(
                HISTORY,
                plan,
                needs,
                null,
                what + " before " + from + ": the Free plan shows the last " + days + " days of history of private "
                        + "benchmarks. Nothing is deleted; " + (workspace == null ? "Pro" : "Team on the workspace")
                        + " shows it all again.");
        problem.getBody().setProperty("windowStart", from);
        throw problem;
    }
}

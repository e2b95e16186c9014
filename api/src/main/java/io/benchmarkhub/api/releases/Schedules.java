package io.benchmarkhub.api.releases;

import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.command.run.RunLauncher;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.schedule.events.ScheduleCreated;
import io.benchmarkhub.domain.schedule.events.ScheduleDeleted;
import io.benchmarkhub.domain.schedule.events.ScheduleFireSkipped;
import io.benchmarkhub.domain.schedule.events.ScheduleFired;
import io.benchmarkhub.domain.schedule.events.SchedulePaused;
import io.benchmarkhub.domain.schedule.events.ScheduleResumed;
import io.benchmarkhub.domain.user.UserId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Run schedules (issue 16): rows of {@code run_schedule} with their events, and the firing of due schedules.
 * <p>
 * Firing is exactly once per fire time across nodes: a node claims a due schedule with {@code SELECT … FOR UPDATE SKIP
 * LOCKED}, moves {@code next_fire_at} on and inserts the fire's row (key: schedule and fire time) in one transaction,
 * and only then starts the run. The claim is held under a lease ({@code benchmarkhub.schedules.claim-lease}): when the
 * node dies before the run is recorded, another node takes the fire over once the lease has run out. The run is recorded
 * only in a transaction that finds the fire still claimed with the recording node's own token (a {@link RunLauncher.Fence}),
 * so a fire makes exactly one run whichever nodes claimed it.
 */
@Service
public class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);

    /** What happens to fires missed while no node ran (downtime longer than the misfire threshold). */
    public enum MisfirePolicy {
        /** One run for all missed fires, at once; then on schedule. */
        FIRE_ONCE,
        /** No run for missed fires; next on schedule. */
        SKIP
    }

    public record Fire(
            Instant fireTime,
            String status,
            String runId,
            Trigger trigger,
            boolean late,
            Long reservedCredits,
            String reason,
            String detail) {}

    /** How a scheduled run was triggered: {@code {type: "schedule", scheduleId}}. */
    public record Trigger(String type, String scheduleId) {}

    public record Schedule(
            String id,
            String benchmarkId,
            String ownerId,
            String cron,
            String timeZone,
            List<String> models,
            int repeats,
            String billing,
            Long monthlyCreditCap,
            String misfirePolicy,
            boolean paused,
            Instant nextFireAt,
            long creditsReservedThisMonth,
            List<Fire> fires,
            Instant createdAt) {}

    public record NewSchedule(
            String cron,
            String timeZone,
            List<String> models,
            Integer repeats,
            String billing,
            Long monthlyCreditCap,
            String misfirePolicy) {}

    static final int MAX_MODELS = 20;
    static final int MAX_REPEATS = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ScheduleEvents events;
    private final RunLauncher launcher;
    private final PlanLimits limits;
    private final UserAccounts accounts;
    private final BenchmarkTimeTravel benchmarks;
    private final Duration misfireThreshold;
    private final Duration claimLease;

    public Schedules(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            ScheduleEvents events,
            RunLauncher launcher,
            PlanLimits limits,
            UserAccounts accounts,
            BenchmarkTimeTravel benchmarks,
            @Value("${benchmarkhub.schedules.misfire-threshold:60s}") Duration misfireThreshold,
            @Value("${benchmarkhub.schedules.claim-lease:5m}") Duration claimLease) {
        this.claimLease = claimLease;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.launcher = launcher;
        this.limits = limits;
        this.accounts = accounts;
        this.benchmarks = benchmarks;
        this.misfireThreshold = misfireThreshold;
    }

    /** The schedule trigger string a run records ({@code RunRequested.trigger}). */
    public static String triggerOf(String scheduleId) {
        return "schedule:" + scheduleId;
    }

    public Schedule create(String benchmarkId, UserId owner, NewSchedule body) {
        var problems = new ArrayList<Violation>();
        ZoneId zone = null;
        if (body.timeZone() == null || body.timeZone().isBlank())
            problems.add(new Violation("timeZone", "is required, e.g. Europe/Berlin or UTC"));
        else {
            try {
                zone = ZoneId.of(body.timeZone().strip());
            } catch (RuntimeException e) {
                problems.add(new Violation("timeZone", "is not a time zone id (e.g. Europe/Berlin or UTC)"));
            }
        }
        CronSchedule cron = null;
        if (body.cron() == null || body.cron().isBlank()) problems.add(new Violation("cron", "is required"));
        else if (body.cron().length() > 200) problems.add(new Violation("cron", "is longer than 200 characters"));
        else if (zone != null) {
            try {
                cron = CronSchedule.parse(body.cron(), zone);
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("cron", e.getMessage()));
            }
        }
        List<String> models = body.models() == null ? List.of() : body.models();
        if (models.isEmpty()) problems.add(new Violation("models", "name at least one model"));
        else if (models.size() > MAX_MODELS) problems.add(new Violation("models", "at most " + MAX_MODELS + " models"));
        else if (models.stream().anyMatch(m -> m == null || m.isBlank() || m.length() > 255))
            problems.add(new Violation("models", "a model id is blank or too long"));
        else if (models.stream().distinct().count() != models.size())
            problems.add(new Violation("models", "a model is named twice"));
        int repeats = body.repeats() == null ? 1 : body.repeats();
        if (repeats < 1 || repeats > MAX_REPEATS)
            problems.add(new Violation("repeats", "must be between 1 and " + MAX_REPEATS));
        String billing = body.billing() == null ? "CREDITS" : body.billing();
        if (!billing.equals(Billing.CREDITS.name())) {
            problems.add(
                    new Violation(
                            "billing",
                            "must be CREDITS: a schedule cannot hold a provider key, which BYOK runs need and which is never stored"));
        }
        if (body.monthlyCreditCap() != null && body.monthlyCreditCap() < 1)
            problems.add(new Violation("monthlyCreditCap", "must be at least 1"));
        MisfirePolicy policy = MisfirePolicy.FIRE_ONCE;
        if (body.misfirePolicy() != null) {
            try {
                policy = MisfirePolicy.valueOf(body.misfirePolicy());
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("misfirePolicy", "must be FIRE_ONCE or SKIP"));
            }
        }
        if (!problems.isEmpty()) throw new BadRequest("The schedule is not valid", problems);

        String id = "sch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Instant now = Instant.now();
        Instant next = cron.next(now);
        ZoneId tz = zone;
        MisfirePolicy misfire = policy;
        transaction.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO run_schedule (id, benchmark_id, owner_id, cron, time_zone, models, repeats, billing, monthly_credit_cap,
                        misfire_policy, paused, next_fire_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)""", ps -> {
                ps.setString(1, id);
                ps.setString(2, benchmarkId);
                ps.setString(3, owner.value());
                ps.setString(4, body.cron().strip());
                ps.setString(5, tz.getId());
                ps.setArray(6, ps.getConnection().createArrayOf("text", models.toArray()));
                ps.setInt(7, repeats);
                ps.setString(8, billing);
                ps.setObject(9, body.monthlyCreditCap());
                ps.setString(10, misfire.name());
                ps.setTimestamp(11, Timestamp.from(next));
                ps.setTimestamp(12, Timestamp.from(now));
            });
            events.append(
                    new ScheduleCreated(
                            id,
                            benchmarkId,
                            owner.value(),
                            body.cron().strip(),
                            tz.getId(),
                            List.copyOf(models),
                            repeats,
                            billing,
                            body.monthlyCreditCap(),
                            misfire.name()),
                    owner.value());
        });
        return find(id).orElseThrow();
    }

    public Optional<Schedule> find(String id) {
        var rows = jdbc.query(
                """
                SELECT id, benchmark_id, owner_id, cron, time_zone, models, repeats, billing, monthly_credit_cap, misfire_policy,
                       paused, next_fire_at, created_at
                FROM run_schedule WHERE id = ?""",
                (rs, i) -> {
                    String scheduleId = rs.getString("id");
                    ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                    Timestamp next = rs.getTimestamp("next_fire_at");
                    return new Schedule(
                            scheduleId,
                            rs.getString("benchmark_id"),
                            rs.getString("owner_id"),
                            rs.getString("cron"),
                            zone.getId(),
                            Arrays.asList((String[]) rs.getArray("models").getArray()),
                            rs.getInt("repeats"),
                            rs.getString("billing"),
                            (Long) rs.getObject("monthly_credit_cap"),
                            rs.getString("misfire_policy"),
                            rs.getBoolean("paused"),
                            next == null ? null : next.toInstant(),
                            reservedThisMonth(scheduleId, zone),
                            fires(scheduleId),
                            rs.getTimestamp("created_at").toInstant());
                },
                id);
        return rows.stream().findFirst();
    }

    /** The schedules of a benchmark that {@code ownerId} made, oldest first. */
    public List<Schedule> ofBenchmark(String benchmarkId, String ownerId) {
        return jdbc
                .queryForList(
                        "SELECT id FROM run_schedule WHERE benchmark_id = ? AND owner_id = ? ORDER BY created_at, id",
                        String.class,
                        benchmarkId,
                        ownerId)
                .stream()
                .flatMap(id -> find(id).stream())
                .toList();
    }

    private List<Fire> fires(String id) {
        return jdbc.query(
                """
                SELECT fire_time, status, run_id, late, reserved_credits, reason, detail FROM schedule_fire
                WHERE schedule_id = ? ORDER BY fire_time DESC LIMIT 100""",
                (rs, i) -> {
                    String runId = rs.getString("run_id");
                    return new Fire(
                            rs.getTimestamp("fire_time").toInstant(),
                            rs.getString("status"),
                            runId,
                            runId == null ? null : new Trigger("schedule", id),
                            rs.getBoolean("late"),
                            (Long) rs.getObject("reserved_credits"),
                            rs.getString("reason"),
                            rs.getString("detail"));
                },
                id);
    }

    private long reservedThisMonth(String id, ZoneId zone) {
        Instant monthStart = ZonedDateTime.now(zone)
                .withDayOfMonth(1)
                .truncatedTo(ChronoUnit.DAYS)
                .toInstant();
        Long sum = jdbc.queryForObject(
                "SELECT coalesce(sum(reserved_credits), 0) FROM schedule_fire WHERE schedule_id = ? AND fire_time >= ?",
                Long.class,
                id,
                Timestamp.from(monthStart));
        return sum == null ? 0 : sum;
    }

    /** Pauses or resumes; answers false when nothing changed. */
    public void setPaused(String id, boolean paused, UserId actor) {
        transaction.executeWithoutResult(status -> {
            var row = jdbc.queryForList("SELECT paused, cron, time_zone FROM run_schedule WHERE id = ? FOR UPDATE", id);
            if (row.isEmpty()) return;
            boolean now = (Boolean) row.getFirst().get("paused");
            if (now == paused) return;
            if (paused) {
                jdbc.update("UPDATE run_schedule SET paused = TRUE WHERE id = ?", id);
                events.append(new SchedulePaused(id, actor.value()), actor.value());
            } else {
                var cron = CronSchedule.parse((String) row.getFirst().get("cron"), ZoneId.of((String)
                        row.getFirst().get("time_zone")));
                Instant next = cron.next(Instant.now());
                jdbc.update(
                        "UPDATE run_schedule SET paused = FALSE, next_fire_at = ? WHERE id = ?",
                        Timestamp.from(next),
                        id);
                events.append(new ScheduleResumed(id, actor.value(), next), actor.value());
            }
        });
    }

    public void delete(String id, UserId actor) {
        transaction.executeWithoutResult(status -> {
            if (jdbc.queryForList("SELECT id FROM run_schedule WHERE id = ? FOR UPDATE", id)
                    .isEmpty()) return;
            jdbc.update("DELETE FROM run_schedule WHERE id = ?", id);
            events.append(new ScheduleDeleted(id, actor.value()), actor.value());
        });
    }

    /**
     * Fires every schedule due at {@code now}, then takes over the fires whose claimer's lease ran out (a node that died
     * between claiming a fire and recording its run); answers how many runs were started. Safe to call on every node at once.
     */
    public int fireDue(Instant now) {
        List<String> due = jdbc.queryForList(
                "SELECT id FROM run_schedule WHERE NOT paused AND next_fire_at <= ? ORDER BY next_fire_at",
                String.class,
                Timestamp.from(now));
        int started = 0;
        for (String id : due) {
            try {
                if (start(transaction.execute(status -> claim(id, now)))) started++;
            } catch (RuntimeException e) {
                log.warn("Schedule {} could not fire: {}", id, e.toString());
            }
        }
        List<Map<String, Object>> expired = jdbc.queryForList("""
                SELECT schedule_id, fire_time FROM schedule_fire WHERE status = 'CLAIMED' AND (lease_until IS NULL OR lease_until < ?)
                ORDER BY fire_time""", Timestamp.from(now));
        for (var row : expired) {
            String id = (String) row.get("schedule_id");
            Instant fireTime = ((Timestamp) row.get("fire_time")).toInstant();
            try {
                if (start(transaction.execute(status -> takeOver(id, fireTime, now)))) started++;
            } catch (RuntimeException e) {
                log.warn("Schedule {} could not take over its fire of {}: {}", id, fireTime, e.toString());
            }
        }
        return started;
    }

    /** A fire this node holds: {@code token} is its claim, valid until the lease runs out or another node replaces it. */
    record Claim(
            String scheduleId,
            String benchmarkId,
            String ownerId,
            List<String> models,
            int repeats,
            Long remainingCredits,
            Instant fireTime,
            boolean late,
            String token) {}

    /** Starts the claimed fire's run; answers whether it started. Package-private: a test plays a node that lost its lease. */
    boolean start(Claim claim) {
        if (claim == null) return false;
        if (claim.remainingCredits() != null && claim.remainingCredits() <= 0) {
            settle(claim, "BUDGET_REACHED", "the monthly credit cap is used up");
            return false;
        }
        // the fire runs with its creator's rights as they are now: a creator made viewer of the benchmark's
        // workspace, or removed from it, schedules nothing there any more (docs/workspaces.md)
        var owner = accounts.active(new UserId(claim.ownerId())).orElse(null);
        if (owner == null) {
            settle(claim, "REFUSED", "the schedule's creator is no longer an active user");
            return false;
        }
        var benchmark = benchmarks.current(claim.benchmarkId()).orElse(null);
        if (benchmark != null && !owner.actor().maySchedule(benchmark.ownerId(), benchmark.workspaceId())) {
            settle(
                    claim,
                    "REFUSED",
                    "the schedule's creator is no longer a member above viewer of the benchmark's workspace");
            return false;
        }
        // a plan that ended since the schedule was made stops its fires (docs/plans.md)
        var refusal = limits.scheduledRunsRefusal(new UserId(claim.ownerId()), List.of(claim.benchmarkId()));
        if (refusal.isPresent()) {
            settle(claim, "REFUSED", refusal.get().getBody().getDetail());
            return false;
        }
        try {
            launcher.launch(
                    new RunLauncher.Launch(
                            new BenchmarkId(claim.benchmarkId()),
                            null,
                            claim.models(),
                            null,
                            claim.repeats(),
                            Billing.CREDITS,
                            null,
                            triggerOf(claim.scheduleId()),
                            null,
                            claim.remainingCredits()),
                    // with their workspace roles: a member's run of a workspace's benchmark is the workspace's and
                    // billed there, as when they start it themselves (ADR 0038)
                    owner.actor(),
                    null,
                    (runId, reserved) -> confirm(claim, runId, reserved));
            return true;
        } catch (ClaimLost lost) {
            log.info(
                    "Schedule {}: the fire of {} was taken over by another node; this one records no run",
                    claim.scheduleId(),
                    claim.fireTime());
            return false;
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            settle(claim, "REFUSED", detail.length() > 500 ? detail.substring(0, 500) : detail);
            return false;
        }
    }

    /** The claim was taken over (its lease ran out) or its schedule deleted: the run is not recorded. */
    static final class ClaimLost extends RuntimeException {
        ClaimLost() {
            super("the claim is no longer this node's", null, false, false);
        }
    }

    /**
     * The fence: in the transaction that records the run, marks the fire STARTED only while the claim is still this node's,
     * so a fire records one run however many nodes took it over.
     */
    private void confirm(Claim claim, RunId runId, Long reserved) {
        // the schedule's row first, as everything that appends its events does
        if (jdbc.queryForList("SELECT id FROM run_schedule WHERE id = ? FOR UPDATE", claim.scheduleId())
                .isEmpty()) throw new ClaimLost();
        if (jdbc.update(
                        "UPDATE schedule_fire SET status = 'STARTED', run_id = ?, reserved_credits = ?, lease_until = NULL "
                                + "WHERE schedule_id = ? AND fire_time = ? AND status = 'CLAIMED' AND claim_token = ?",
                        runId.value(),
                        reserved,
                        claim.scheduleId(),
                        Timestamp.from(claim.fireTime()),
                        claim.token())
                == 0) {
            throw new ClaimLost();
        }
        events.append(
                new ScheduleFired(claim.scheduleId(), claim.fireTime(), runId.value(), claim.late(), reserved),
                claim.ownerId());
    }

    private String newToken() {
        return UUID.randomUUID().toString();
    }

    private Timestamp leaseFrom(Instant now) {
        return Timestamp.from(now.plus(claimLease));
    }

    /**
     * Takes over a fire whose claimer's lease ran out, with a new token and lease; null when another node took it first or
     * its claimer settled it meanwhile (the update finds the row changed).
     */
    private Claim takeOver(String id, Instant fireTime, Instant now) {
        String token = newToken();
        var rows = jdbc.queryForList("""
                UPDATE schedule_fire SET claim_token = ?, lease_until = ?
                WHERE schedule_id = ? AND fire_time = ? AND status = 'CLAIMED' AND (lease_until IS NULL OR lease_until < ?)
                RETURNING late""", token, leaseFrom(now), id, Timestamp.from(fireTime), Timestamp.from(now));
        if (rows.isEmpty()) return null;
        var schedule = jdbc.queryForList(
                "SELECT benchmark_id, owner_id, time_zone, models, repeats, monthly_credit_cap FROM run_schedule WHERE id = ?",
                id);
        if (schedule.isEmpty()) return null;
        var row = schedule.getFirst();
        return claimOf(id, row, fireTime, (Boolean) rows.getFirst().get("late"), token);
    }

    private Claim claimOf(String id, Map<String, Object> row, Instant fireTime, boolean late, String token) {
        ZoneId zone = ZoneId.of((String) row.get("time_zone"));
        Long cap = (Long) row.get("monthly_credit_cap");
        Long remaining = cap == null ? null : cap - reservedThisMonth(id, zone);
        List<String> modelList;
        try {
            modelList = Arrays.asList((String[]) ((java.sql.Array) row.get("models")).getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Claim(
                id,
                (String) row.get("benchmark_id"),
                (String) row.get("owner_id"),
                modelList,
                (Integer) row.get("repeats"),
                remaining,
                fireTime,
                late,
                token);
    }

    /** Locks a due schedule, moves it to its next fire time and claims this fire; null when another node has it. */
    private Claim claim(String id, Instant now) {
        var rows = jdbc.queryForList("""
                SELECT benchmark_id, owner_id, cron, time_zone, models, repeats, monthly_credit_cap, misfire_policy, next_fire_at
                FROM run_schedule WHERE id = ? AND NOT paused AND next_fire_at <= ? FOR UPDATE SKIP LOCKED""", id, Timestamp.from(now));
        if (rows.isEmpty()) return null;
        var row = rows.getFirst();
        ZoneId zone = ZoneId.of((String) row.get("time_zone"));
        Instant fireTime = ((Timestamp) row.get("next_fire_at")).toInstant();
        var cron = CronSchedule.parse((String) row.get("cron"), zone);
        Instant next = cron.next(now);
        jdbc.update(
                "UPDATE run_schedule SET next_fire_at = ? WHERE id = ?",
                next == null ? null : Timestamp.from(next),
                id);
        boolean late = Duration.between(fireTime, now).compareTo(misfireThreshold) > 0;
        if (late && MisfirePolicy.valueOf((String) row.get("misfire_policy")) == MisfirePolicy.SKIP) {
            if (jdbc.update(
                            "INSERT INTO schedule_fire (schedule_id, fire_time, status, late, reason) VALUES (?, ?, 'SKIPPED', TRUE, 'MISFIRE') "
                                    + "ON CONFLICT DO NOTHING",
                            id,
                            Timestamp.from(fireTime))
                    == 1) {
                events.append(
                        new ScheduleFireSkipped(id, fireTime, "MISFIRE", "missed while no node ran; policy SKIP"),
                        (String) row.get("owner_id"));
            }
            return null;
        }
        String token = newToken();
        if (jdbc.update(
                        "INSERT INTO schedule_fire (schedule_id, fire_time, status, late, claim_token, lease_until) "
                                + "VALUES (?, ?, 'CLAIMED', ?, ?, ?) ON CONFLICT DO NOTHING",
                        id,
                        Timestamp.from(fireTime),
                        late,
                        token,
                        leaseFrom(now))
                == 0) {
            return null;
        }
        return claimOf(id, row, fireTime, late, token);
    }

    /** Records a fire that made no run, while the claim is still this node's. */
    private void settle(Claim claim, String reason, String detail) {
        transaction.executeWithoutResult(status -> {
            // the schedule may have been deleted meanwhile: the fire row went with it
            if (jdbc.queryForList("SELECT id FROM run_schedule WHERE id = ? FOR UPDATE", claim.scheduleId())
                    .isEmpty()) return;
            if (jdbc.update(
                            "UPDATE schedule_fire SET status = 'SKIPPED', reason = ?, detail = ?, lease_until = NULL "
                                    + "WHERE schedule_id = ? AND fire_time = ? AND status = 'CLAIMED' AND claim_token = ?",
                            reason,
                            detail,
                            claim.scheduleId(),
                            Timestamp.from(claim.fireTime()),
                            claim.token())
                    == 1) {
                events.append(
                        new ScheduleFireSkipped(claim.scheduleId(), claim.fireTime(), reason, detail), claim.ownerId());
            }
        });
    }
}

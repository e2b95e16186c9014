package io.benchmarkhub.api.releases;

import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.command.run.RunLauncher;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.RunComparison;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.watcher.events.WatcherCreated;
import io.benchmarkhub.domain.watcher.events.WatcherDeleted;
import io.benchmarkhub.domain.watcher.events.WatcherPaused;
import io.benchmarkhub.domain.watcher.events.WatcherResumed;
import io.benchmarkhub.domain.watcher.events.WatcherTriggered;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.run.RunQueries;
import io.benchmarkhub.query.run.RunViews;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watchers (issue 16): when the catalogue records a new model ({@code APPEARED}, not {@code initial}) that matches a
 * watcher, the watcher runs each of its benchmarks on that model and its production model, once per (watcher, model,
 * benchmark) whichever node reacts: the claim is a row keyed by the three, inserted before the run starts, held under a lease
 * and confirmed in the transaction that records the run (as a schedule's fire is, see {@link Schedules}).
 */
@Service
public class Watchers {

    private static final Logger log = LoggerFactory.getLogger(Watchers.class);

    public record Match(
            String providerPattern, String vendorPattern, Long maxPromptMicrosPerMillion, Integer minContextLength) {}

    public record NewWatcher(
            Match match, List<String> benchmarkIds, String productionModel, String billing, Long monthlyCreditCap) {}

    public record Watcher(
            String id,
            String ownerId,
            Match match,
            List<String> benchmarkIds,
            String productionModel,
            String billing,
            Long monthlyCreditCap,
            boolean paused,
            Instant createdAt) {}

    /**
     * One benchmark of a release report: its run and, once the run has results, the comparison GET /api/runs/{id}/compare gives,
     * and the benchmark's known failure modes checked on the new model in that run (empty without a run).
     */
    public record BenchmarkReport(
            String benchmarkId,
            String status,
            String runId,
            Long reservedCredits,
            String reason,
            String detail,
            RunViews.Comparison comparison,
            List<ReleaseFailureMode> failureModes) {}

    /**
     * A known failure mode on the new model: STILL_SHOWS, FIXED or NOT_TESTED, failing of the tagged cases it was graded on
     * (the rule of GET /api/runs/{id}/failure-modes).
     */
    public record ReleaseFailureMode(String name, FailureModeCheck.Status status, int failing, int tagged) {}

    /**
     * A release report: per benchmark the run on the new model and the production model, and the overall verdict, the
     * worst of the benchmarks' verdicts (null while a run has no verdict yet, or when a benchmark was not run).
     */
    public record Report(
            String modelId,
            String provider,
            String vendor,
            Instant appearedAt,
            String productionModel,
            List<BenchmarkReport> benchmarks,
            RunComparison.Verdict verdict,
            boolean complete,
            boolean budgetReached) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ScheduleEvents events;
    private final RunLauncher launcher;
    private final PlanLimits limits;
    private final RunQueries runs;
    private final UserAccounts accounts;
    private final Duration claimLease;

    public Watchers(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            ScheduleEvents events,
            RunLauncher launcher,
            PlanLimits limits,
            RunQueries runs,
            UserAccounts accounts,
            @Value("${benchmarkhub.schedules.claim-lease:5m}") Duration claimLease) {
        this.claimLease = claimLease;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.launcher = launcher;
        this.limits = limits;
        this.runs = runs;
    }

    public Watcher create(UserId owner, NewWatcher body, Predicate<String> benchmarkVisible) {
        var problems = new ArrayList<Violation>();
        Match match = body.match() == null ? new Match(null, null, null, null) : body.match();
        checkPattern(match.providerPattern(), "match.providerPattern", problems);
        checkPattern(match.vendorPattern(), "match.vendorPattern", problems);
        if (match.maxPromptMicrosPerMillion() != null && match.maxPromptMicrosPerMillion() < 0) {
            problems.add(new Violation("match.maxPromptMicrosPerMillion", "must not be negative"));
        }
        if (match.minContextLength() != null && match.minContextLength() < 1)
            problems.add(new Violation("match.minContextLength", "must be at least 1"));
        List<String> benchmarks = body.benchmarkIds() == null ? List.of() : body.benchmarkIds();
        if (benchmarks.isEmpty()) problems.add(new Violation("benchmarkIds", "name at least one benchmark"));
        else if (benchmarks.size() > 20) problems.add(new Violation("benchmarkIds", "at most 20 benchmarks"));
        else if (benchmarks.stream().distinct().count() != benchmarks.size())
            problems.add(new Violation("benchmarkIds", "a benchmark is named twice"));
        else {
            for (String id : benchmarks) {
                boolean visible;
                try {
                    visible = id != null && benchmarkVisible.test(id);
                } catch (RuntimeException e) {
                    visible = false;
                }
                if (!visible) {
                    problems.add(new Violation("benchmarkIds", "no benchmark " + id + " that you can see"));
                    break;
                }
            }
        }
        if (body.productionModel() == null
                || body.productionModel().isBlank()
                || body.productionModel().length() > 255) {
            problems.add(new Violation("productionModel", "is required"));
        }
        String billing = body.billing() == null ? "CREDITS" : body.billing();
        if (!billing.equals(Billing.CREDITS.name())) {
            problems.add(
                    new Violation(
                            "billing",
                            "must be CREDITS: a watcher cannot hold a provider key, which BYOK runs need and which is never stored"));
        }
        if (body.monthlyCreditCap() != null && body.monthlyCreditCap() < 1)
            problems.add(new Violation("monthlyCreditCap", "must be at least 1"));
        if (!problems.isEmpty()) throw new BadRequest("The watcher is not valid", problems);

        String id = "wch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Instant now = Instant.now();
        transaction.executeWithoutResult(status -> {
            Long last = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM model_catalogue_change", Long.class);
            jdbc.update("""
                    INSERT INTO watcher (id, owner_id, provider_pattern, vendor_pattern, max_prompt_micros, min_context_length, benchmark_ids,
                        production_model, billing, monthly_credit_cap, after_change_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
                ps.setString(1, id);
                ps.setString(2, owner.value());
                ps.setString(3, blankToNull(match.providerPattern()));
                ps.setString(4, blankToNull(match.vendorPattern()));
                ps.setObject(5, match.maxPromptMicrosPerMillion());
                ps.setObject(6, match.minContextLength());
                ps.setArray(7, ps.getConnection().createArrayOf("text", benchmarks.toArray()));
                ps.setString(8, body.productionModel().strip());
                ps.setString(9, billing);
                ps.setObject(10, body.monthlyCreditCap());
                ps.setLong(11, last == null ? 0 : last);
                ps.setTimestamp(12, Timestamp.from(now));
            });
            events.append(
                    new WatcherCreated(
                            id,
                            owner.value(),
                            blankToNull(match.providerPattern()),
                            blankToNull(match.vendorPattern()),
                            match.maxPromptMicrosPerMillion(),
                            match.minContextLength(),
                            List.copyOf(benchmarks),
                            body.productionModel().strip(),
                            billing,
                            body.monthlyCreditCap()),
                    owner.value());
        });
        return find(id).orElseThrow();
    }

    private static void checkPattern(String pattern, String field, List<Violation> problems) {
        if (pattern != null && (pattern.length() > 100 || !pattern.matches("[A-Za-z0-9._*/:-]*"))) {
            problems.add(
                    new Violation(field, "a glob of letters, digits, . _ - / : and * (any characters), at most 100"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A glob ({@code *} for any characters), matched case-insensitively against the whole value; null matches anything. */
    static boolean globMatches(String glob, String value) {
        if (glob == null) return true;
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) regex.append(".*");
            regex.append(Pattern.quote(part.toLowerCase(Locale.ROOT)));
        }
        return value.toLowerCase(Locale.ROOT).matches(regex.toString());
    }

    /**
     * Deletes a watcher with its reports (its {@code watcher_run} rows); the runs it made stay. The row is locked first, as
     * {@link #react()} locks it before starting a run, so a run starts either before the delete or not at all.
     */
    public void delete(String id, UserId actor) {
        transaction.executeWithoutResult(status -> {
            if (jdbc.queryForList("SELECT id FROM watcher WHERE id = ? FOR UPDATE", id)
                    .isEmpty()) return;
            jdbc.update("DELETE FROM watcher WHERE id = ?", id);
            events.append(new WatcherDeleted(id, actor.value()), actor.value());
        });
    }

    /**
     * Pauses or resumes, as events; nothing happens when it already is so. A paused watcher claims nothing ({@link #react()}
     * skips it, and a claim checks the flag under a share lock of the row this takes for update), so a model that appears
     * while it is paused starts no run then. Its cursor does not move, so on resume such a model is evaluated once, as if it
     * had appeared at that moment: pausing defers new models, it does not drop them. A claim made before the pause
     * committed still starts its run.
     */
    public void setPaused(String id, boolean paused, UserId actor) {
        transaction.executeWithoutResult(status -> {
            var rows = jdbc.queryForList("SELECT paused FROM watcher WHERE id = ? FOR UPDATE", id);
            if (rows.isEmpty() || (Boolean) rows.getFirst().get("paused") == paused) return;
            jdbc.update("UPDATE watcher SET paused = ? WHERE id = ?", paused, id);
            if (paused) {
                events.append(new WatcherPaused(id, actor.value()), actor.value());
            } else {
                Watcher watcher = find(id).orElseThrow();
                int pending = (int) appearedSince(watcher).stream()
                        .filter(change -> counts(watcher, change))
                        .filter(change -> jdbc.queryForObject(
                                        "SELECT count(*) FROM watcher_run WHERE watcher_id = ? AND model_id = ?",
                                        Long.class,
                                        id,
                                        change.modelId())
                                == 0)
                        .map(Change::modelId)
                        .distinct()
                        .count();
                events.append(new WatcherResumed(id, actor.value(), pending), actor.value());
            }
        });
    }

    /** The watchers {@code ownerId} made, oldest first. */
    public List<Watcher> ofOwner(String ownerId) {
        return jdbc
                .queryForList(
                        "SELECT id FROM watcher WHERE owner_id = ? ORDER BY created_at, id", String.class, ownerId)
                .stream()
                .flatMap(id -> find(id).stream())
                .toList();
    }

    public Optional<Watcher> find(String id) {
        return jdbc
                .query(
                        """
                SELECT id, owner_id, provider_pattern, vendor_pattern, max_prompt_micros, min_context_length, benchmark_ids, production_model,
                       billing, monthly_credit_cap, paused, created_at FROM watcher WHERE id = ?""",
                        (rs, i) -> new Watcher(
                                rs.getString(1),
                                rs.getString(2),
                                new Match(rs.getString(3), rs.getString(4), (Long) rs.getObject(5), (Integer)
                                        rs.getObject(6)),
                                Arrays.asList((String[]) rs.getArray(7).getArray()),
                                rs.getString(8),
                                rs.getString(9),
                                (Long) rs.getObject(10),
                                rs.getBoolean(11),
                                rs.getTimestamp(12).toInstant()),
                        id)
                .stream()
                .findFirst();
    }

    private record Change(
            long id, String provider, String modelId, String vendor, Long prompt, Integer context, Instant at) {}

    private List<Change> appearedSince(Watcher watcher) {
        long after = jdbc.queryForObject("SELECT after_change_id FROM watcher WHERE id = ?", Long.class, watcher.id());
        return jdbc.query(
                """
                SELECT id, provider, model_id, vendor, prompt_micros_per_million_tokens, context_length, changed_at
                FROM model_catalogue_change WHERE kind = 'APPEARED' AND NOT initial AND id > ? ORDER BY id""",
                (rs, i) -> new Change(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        (Long) rs.getObject(5),
                        (Integer) rs.getObject(6),
                        rs.getTimestamp(7).toInstant()),
                after);
    }

    private static boolean counts(Watcher watcher, Change change) {
        return matches(watcher.match(), change) && !change.modelId().equals(watcher.productionModel());
    }

    /**
     * Starts the runs new matching models call for, and takes over the claims whose node's lease ran out; safe on every node
     * at once. Answers how many runs were started.
     */
    public int react() {
        int started = 0;
        Instant now = Instant.now();
        for (Watcher watcher : jdbc
                .query("SELECT id FROM watcher WHERE NOT paused ORDER BY created_at", (rs, i) -> rs.getString(1))
                .stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .toList()) {
            // what is claimed already needs no transaction of its own each tick; the claim's key still decides
            var claimed = new HashSet<>(jdbc.queryForList(
                    "SELECT model_id || ' ' || benchmark_id FROM watcher_run WHERE watcher_id = ?",
                    String.class,
                    watcher.id()));
            for (Change change : appearedSince(watcher)) {
                if (!counts(watcher, change)) continue;
                for (String benchmark : watcher.benchmarkIds()) {
                    if (claimed.contains(change.modelId() + " " + benchmark)) continue;
                    try {
                        if (start(watcher, transaction.execute(status -> claim(watcher, change, benchmark, now))))
                            started++;
                    } catch (RuntimeException e) {
                        log.warn(
                                "Watcher {} could not run {} on {}: {}",
                                watcher.id(),
                                benchmark,
                                change.modelId(),
                                e.toString());
                    }
                }
            }
        }
        var expired = jdbc.queryForList("""
                SELECT watcher_id, model_id, benchmark_id FROM watcher_run WHERE status = 'CLAIMED' AND (lease_until IS NULL OR lease_until < ?)
                ORDER BY recorded_at""", Timestamp.from(now));
        for (var row : expired) {
            String watcherId = (String) row.get("watcher_id");
            String model = (String) row.get("model_id");
            String benchmark = (String) row.get("benchmark_id");
            try {
                Watcher watcher = find(watcherId).orElse(null);
                if (watcher != null
                        && start(watcher, transaction.execute(status -> takeOver(watcherId, model, benchmark, now))))
                    started++;
            } catch (RuntimeException e) {
                log.warn("Watcher {} could not take over {} on {}: {}", watcherId, benchmark, model, e.toString());
            }
        }
        return started;
    }

    static boolean matches(Match match, Change change) {
        if (!globMatches(match.providerPattern(), change.provider())) return false;
        if (!globMatches(match.vendorPattern(), change.vendor())) return false;
        if (match.maxPromptMicrosPerMillion() != null
                && (change.prompt() == null || change.prompt() > match.maxPromptMicrosPerMillion())) return false;
        return match.minContextLength() == null
                || (change.context() != null && change.context() >= match.minContextLength());
    }

    /** A (model, benchmark) this node holds for a watcher: {@code token} is its claim, valid until its lease runs out or is taken over. */
    record Claim(String watcherId, String modelId, String benchmarkId, String token) {}

    /** Claims (watcher, model, benchmark) under a lease, unless the watcher is paused or gone, or another node has it. */
    private Claim claim(Watcher watcher, Change change, String benchmark, Instant now) {
        // a share lock: a pause (which takes the row for update) either comes after this claim commits, or is seen here
        var rows = jdbc.queryForList("SELECT paused FROM watcher WHERE id = ? FOR SHARE", watcher.id());
        if (rows.isEmpty() || (Boolean) rows.getFirst().get("paused")) return null;
        String token = UUID.randomUUID().toString();
        return jdbc.update(
                                """
                INSERT INTO watcher_run (watcher_id, model_id, benchmark_id, change_id, status, claim_token, lease_until)
                VALUES (?, ?, ?, ?, 'CLAIMED', ?, ?) ON CONFLICT DO NOTHING""",
                                watcher.id(),
                                change.modelId(),
                                benchmark,
                                change.id(),
                                token,
                                Timestamp.from(now.plus(claimLease)))
                        == 1
                ? new Claim(watcher.id(), change.modelId(), benchmark, token)
                : null;
    }

    /** Takes over a claim whose node's lease ran out, with a new token and lease; null when another node was first. */
    private Claim takeOver(String watcherId, String model, String benchmark, Instant now) {
        String token = UUID.randomUUID().toString();
        return jdbc.update(
                                """
                UPDATE watcher_run SET claim_token = ?, lease_until = ?
                WHERE watcher_id = ? AND model_id = ? AND benchmark_id = ? AND status = 'CLAIMED' AND (lease_until IS NULL OR lease_until < ?)""",
                                token,
                                Timestamp.from(now.plus(claimLease)),
                                watcherId,
                                model,
                                benchmark,
                                Timestamp.from(now))
                        == 1
                ? new Claim(watcherId, model, benchmark, token)
                : null;
    }

    /** Starts the claimed run; answers whether it started. Package-private: a test plays a node that lost its lease. */
    boolean start(Watcher watcher, Claim claim) {
        if (claim == null) return false;
        Long remaining = null;
        if (watcher.monthlyCreditCap() != null) {
            Instant monthStart = ZonedDateTime.now(ZoneOffset.UTC)
                    .withDayOfMonth(1)
                    .truncatedTo(ChronoUnit.DAYS)
                    .toInstant();
            Long used = jdbc.queryForObject(
                    "SELECT coalesce(sum(reserved_credits), 0) FROM watcher_run WHERE watcher_id = ? AND recorded_at >= ?",
                    Long.class,
                    watcher.id(),
                    Timestamp.from(monthStart));
            remaining = watcher.monthlyCreditCap() - (used == null ? 0 : used);
            if (remaining <= 0) {
                settle(watcher, claim, "BUDGET_REACHED", "the monthly credit cap is used up");
                return false;
            }
        }
        // the run starts with its creator's rights as they are now, workspace roles included: a run of a workspace's
        // benchmark is the workspace's and billed there (ADR 0038), and one whose benchmark the creator no longer sees
        // or may not run is refused by the launcher, as when they start it themselves
        var owner = accounts.active(new UserId(watcher.ownerId())).orElse(null);
        if (owner == null) {
            settle(watcher, claim, "REFUSED", "the watcher's creator is no longer an active user");
            return false;
        }
        // a plan that ended since the watcher was made stops its runs (docs/plans.md)
        var refusal = limits.scheduledRunsRefusal(new UserId(watcher.ownerId()), List.of(claim.benchmarkId()));
        if (refusal.isPresent()) {
            settle(watcher, claim, "REFUSED", refusal.get().getBody().getDetail());
            return false;
        }
        try {
            launcher.launch(
                    new RunLauncher.Launch(
                            new BenchmarkId(claim.benchmarkId()),
                            null,
                            List.of(claim.modelId(), watcher.productionModel()),
                            null,
                            null,
                            Billing.CREDITS,
                            null,
                            "watcher:" + watcher.id(),
                            null,
                            remaining),
                    owner.actor(),
                    null,
                    (runId, reserved) -> confirm(watcher, claim, runId, reserved));
            return true;
        } catch (Schedules.ClaimLost lost) {
            log.info(
                    "Watcher {}: {} on {} was taken over by another node; this one records no run",
                    watcher.id(),
                    claim.benchmarkId(),
                    claim.modelId());
            return false;
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            settle(watcher, claim, "REFUSED", detail.length() > 500 ? detail.substring(0, 500) : detail);
            return false;
        }
    }

    /** The fence: in the transaction that records the run, marks the claim STARTED only while it is still this node's. */
    private void confirm(Watcher watcher, Claim claim, RunId runId, Long reserved) {
        if (jdbc.queryForList("SELECT id FROM watcher WHERE id = ? FOR UPDATE", watcher.id())
                .isEmpty()) throw new Schedules.ClaimLost();
        if (jdbc.update(
                        "UPDATE watcher_run SET status = 'STARTED', run_id = ?, reserved_credits = ?, lease_until = NULL "
                                + "WHERE watcher_id = ? AND model_id = ? AND benchmark_id = ? AND status = 'CLAIMED' AND claim_token = ?",
                        runId.value(),
                        reserved,
                        watcher.id(),
                        claim.modelId(),
                        claim.benchmarkId(),
                        claim.token())
                == 0) {
            throw new Schedules.ClaimLost();
        }
        events.append(
                new WatcherTriggered(watcher.id(), claim.modelId(), claim.benchmarkId(), runId.value(), null, null),
                watcher.ownerId());
    }

    /** Records a benchmark that was not run, while the claim is still this node's. */
    private void settle(Watcher watcher, Claim claim, String reason, String detail) {
        transaction.executeWithoutResult(status -> {
            if (jdbc.queryForList("SELECT id FROM watcher WHERE id = ? FOR UPDATE", watcher.id())
                    .isEmpty()) return;
            if (jdbc.update(
                            "UPDATE watcher_run SET status = 'SKIPPED', reason = ?, detail = ?, lease_until = NULL "
                                    + "WHERE watcher_id = ? AND model_id = ? AND benchmark_id = ? AND status = 'CLAIMED' AND claim_token = ?",
                            reason,
                            detail,
                            watcher.id(),
                            claim.modelId(),
                            claim.benchmarkId(),
                            claim.token())
                    == 1) {
                events.append(
                        new WatcherTriggered(watcher.id(), claim.modelId(), claim.benchmarkId(), null, reason, detail),
                        watcher.ownerId());
            }
        });
    }

    /** The release reports of a watcher, newest model first; each comparison is the run's own compare answer for the owner. */
    public List<Report> reports(Watcher watcher) {
        record Row(
                String model,
                String benchmark,
                String status,
                String runId,
                Long reserved,
                String reason,
                String detail,
                String provider,
                String vendor,
                Instant at) {}
        List<Row> rows = jdbc.query(
                """
                SELECT r.model_id, r.benchmark_id, r.status, r.run_id, r.reserved_credits, r.reason, r.detail, c.provider, c.vendor, c.changed_at
                FROM watcher_run r JOIN model_catalogue_change c ON c.id = r.change_id
                WHERE r.watcher_id = ? ORDER BY c.id DESC, r.benchmark_id""",
                (rs, i) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        (Long) rs.getObject(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getTimestamp(10).toInstant()),
                watcher.id());
        Map<String, List<Row>> byModel = new LinkedHashMap<>();
        for (Row row : rows)
            byModel.computeIfAbsent(row.model(), k -> new ArrayList<>()).add(row);
        Viewer owner = new Viewer(new UserId(watcher.ownerId()));
        var reports = new ArrayList<Report>();
        for (var entry : byModel.entrySet()) {
            var benchmarks = new ArrayList<BenchmarkReport>();
            boolean complete = true;
            boolean budget = false;
            RunComparison.Verdict worst = RunComparison.Verdict.SHIP;
            for (Row row : entry.getValue()) {
                RunViews.Comparison comparison = null;
                if (row.runId() != null) {
                    try {
                        comparison = runs.compare(row.runId(), watcher.productionModel(), row.model(), owner)
                                .orElse(null);
                    } catch (RuntimeException e) {
                        comparison = null;
                    }
                }
                if (comparison == null
                        || comparison.status() != io.benchmarkhub.domain.run.RunStatus.COMPLETED
                        || comparison.verdict() == null) {
                    complete = false;
                } else if (comparison.verdict().ordinal() > worst.ordinal()) {
                    worst = comparison.verdict();
                }
                if ("BUDGET_REACHED".equals(row.reason())) budget = true;
                List<ReleaseFailureMode> failureModes = comparison == null || comparison.knownFailureModes() == null
                        ? List.of()
                        : comparison.knownFailureModes().stream()
                                .map(k -> new ReleaseFailureMode(
                                        k.name(),
                                        k.candidate().status(),
                                        k.candidate().failing(),
                                        k.candidate().tagged()))
                                .toList();
                benchmarks.add(new BenchmarkReport(
                        row.benchmark(),
                        row.status(),
                        row.runId(),
                        row.reserved(),
                        row.reason(),
                        row.detail(),
                        comparison,
                        failureModes));
            }
            Row first = entry.getValue().getFirst();
            reports.add(new Report(
                    entry.getKey(),
                    first.provider(),
                    first.vendor(),
                    first.at(),
                    watcher.productionModel(),
                    benchmarks,
                    complete ? worst : null,
                    complete,
                    budget));
        }
        return reports;
    }
}

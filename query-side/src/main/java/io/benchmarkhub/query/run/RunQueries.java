package io.benchmarkhub.query.run;

import static io.benchmarkhub.query.JsonColumns.instant;
import static io.benchmarkhub.query.Viewer.runVisibleTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.PromptMessage;
import io.benchmarkhub.domain.run.PromptRendering;
import io.benchmarkhub.domain.run.RunComparison;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.TrialScoring;
import io.benchmarkhub.domain.run.TrialScoring.TrialScore;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.statistics.Correlation;
import io.benchmarkhub.domain.statistics.PairedComparison;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Page;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.failuremode.FailureModeQueries;
import io.benchmarkhub.query.failuremode.FailureModeQueries.KnownFailureMode;
import io.benchmarkhub.query.run.RunViews.CallFailure;
import io.benchmarkhub.query.run.RunViews.ComparedCase;
import io.benchmarkhub.query.run.RunViews.ComparedCases;
import io.benchmarkhub.query.run.RunViews.Comparison;
import io.benchmarkhub.query.run.RunViews.CriterionCheck;
import io.benchmarkhub.query.run.RunViews.Difference;
import io.benchmarkhub.query.run.RunViews.FailureMode;
import io.benchmarkhub.query.run.RunViews.FailureModeStatus;
import io.benchmarkhub.query.run.RunViews.HumanAgreement;
import io.benchmarkhub.query.run.RunViews.HumanGradeView;
import io.benchmarkhub.query.run.RunViews.KnownFailureModeComparison;
import io.benchmarkhub.query.run.RunViews.ModelView;
import io.benchmarkhub.query.run.RunViews.Progress;
import io.benchmarkhub.query.run.RunViews.ResultsPage;
import io.benchmarkhub.query.run.RunViews.Resume;
import io.benchmarkhub.query.run.RunViews.RunFailureMode;
import io.benchmarkhub.query.run.RunViews.RunFailureModes;
import io.benchmarkhub.query.run.RunViews.RunListItem;
import io.benchmarkhub.query.run.RunViews.RunProgress;
import io.benchmarkhub.query.run.RunViews.RunView;
import io.benchmarkhub.query.run.RunViews.TrialView;
import io.benchmarkhub.query.run.RunViews.VerdictView;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the runs read model. A run is visible to the user who requested it and to no one else,
 * admins included: every method answers a run the viewer may not see exactly like a missing one.
 * Statistics are computed here from the trial rows with the domain's {@link TrialScoring} and
 * {@link RunStatistics}, the same code the command side completes a run with; once a run has
 * completed, its view shows the summaries recorded in {@code RunCompleted}.
 */
@Repository
public class RunQueries {

    public static final int MAX_EXAMPLES = 5;
    /** Trials scanned per round trip while looking for failed ones. */
    private static final int SCAN_CHUNK = 500;

    private static final TypeReference<List<Grader>> GRADERS = new TypeReference<>() {};
    private static final TypeReference<List<DecisionCriterion>> CRITERIA = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> WEIGHTS = new TypeReference<>() {};
    private static final TypeReference<List<ModelSummary>> SUMMARIES = new TypeReference<>() {};
    private static final TypeReference<List<GraderResult>> GRADES = new TypeReference<>() {};
    private static final TypeReference<List<PromptVariant>> VARIANTS = new TypeReference<>() {};
    private static final String SETTLED =
            "(SELECT count(*) FROM run_trial t WHERE t.run_id = r.id AND t.outcome IS NOT NULL)";
    private static final String TRIAL_KEY = "(model, case_id, repeat)";

    /**
     * Filters of the per-trial results; null means "no filter". {@code judgesDisagree} keeps trials whose judge panel split
     * (see {@link #judgesDisagree}). {@code cursor} continues after a previous page.
     */
    public record ResultsQuery(
            String model, String caseId, boolean failedOnly, boolean judgesDisagree, String cursor, int limit) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final ObjectMapper mapper;
    private final FailureModeQueries failureModes;

    public RunQueries(
            NamedParameterJdbcTemplate jdbc, JsonColumns json, ObjectMapper mapper, FailureModeQueries failureModes) {
        this.jdbc = jdbc;
        this.json = json;
        this.mapper = mapper;
        this.failureModes = failureModes;
    }

    public Optional<RunView> find(String id, Viewer viewer) {
        return run(id, viewer).map(run -> {
            List<ModelSummary> summaries;
            Double judgeAgreement;
            if (run.status() == RunStatus.COMPLETED && run.summaries() != null) {
                summaries = run.summaries();
                judgeAgreement = run.judgeAgreement();
            } else {
                List<ScoredTrial> trials = scoredTrials(run, "", new MapSqlParameterSource());
                summaries = liveSummaries(run, trials);
                judgeAgreement = judgeAgreement(trials);
            }
            return new RunView(
                    run.id(),
                    run.benchmarkId(),
                    run.benchmarkVersion(),
                    run.contentHash(),
                    run.status(),
                    new Progress(settled(run.id()), run.trialCount()),
                    summaries.stream().map(ModelView::of).toList(),
                    run.repeats(),
                    run.trigger(),
                    run.gradersJson(),
                    run.judgePanelsJson(),
                    run.criteriaJson(),
                    judgeAgreement,
                    humanAgreement(run.id()),
                    run.failureReason(),
                    run.cancelledBy(),
                    run.status() == RunStatus.SUSPENDED
                            ? new Resume(run.suspendedReason(), "/api/runs/" + run.id() + "/resume")
                            : null,
                    run.requestedAt(),
                    run.startedAt(),
                    run.status().terminal() ? run.finishedAt() : null,
                    run.caseWeights());
        });
    }

    /** Status and progress only: one indexed query, for the event stream's polling. */
    public Optional<RunProgress> progress(String id, Viewer viewer) {
        return jdbc
                .query(
                        "SELECT r.status, r.trial_count, r.failure_reason, " + SETTLED
                                + " AS done FROM run r WHERE r.id = :id AND " + runVisibleTo("r"),
                        params(id, viewer),
                        (rs, n) -> new RunProgress(
                                RunStatus.valueOf(rs.getString("status")),
                                rs.getLong("done"),
                                rs.getLong("trial_count"),
                                rs.getString("failure_reason")))
                .stream()
                .findFirst();
    }

    /** The viewer's runs, newest first, optionally of one benchmark and in one status. */
    public Page<RunListItem> list(String benchmarkId, RunStatus status, int page, int size, Viewer viewer) {
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam());
        var where = new ArrayList<String>(List.of(runVisibleTo("r")));
        if (benchmarkId != null) {
            where.add("r.benchmark_id = :benchmarkId");
            params.addValue("benchmarkId", benchmarkId);
        }
        if (status != null) {
            where.add("r.status = :status");
            params.addValue("status", status.name());
        }
        String filter = String.join(" AND ", where);
        params.addValue("limit", size).addValue("offset", (long) page * size);
        List<RunListItem> items = jdbc.query("""
                SELECT r.id, r.benchmark_id, r.benchmark_version, r.status, r.models, r.trial_count, r.trigger,
                       r.requested_at, r.started_at, r.finished_at, %s AS done
                  FROM run r WHERE %s ORDER BY r.requested_at DESC, r.id DESC LIMIT :limit OFFSET :offset""".formatted(SETTLED, filter), params, (rs, n) -> {
            RunStatus s = RunStatus.valueOf(rs.getString("status"));
            return new RunListItem(
                    rs.getString("id"),
                    rs.getString("benchmark_id"),
                    rs.getLong("benchmark_version"),
                    s,
                    json.strings(rs, "models"),
                    new Progress(rs.getLong("done"), rs.getLong("trial_count")),
                    rs.getString("trigger"),
                    instant(rs, "requested_at"),
                    instant(rs, "started_at"),
                    s.terminal() ? instant(rs, "finished_at") : null);
        });
        Long total = jdbc.queryForObject("SELECT count(*) FROM run r WHERE " + filter, params, Long.class);
        return new Page<>(items, page, size, total == null ? 0 : total);
    }

    /**
     * One page of settled trials in (model, caseId, repeat) order. With {@code failedOnly}, only trials whose call
     * failed or that did not pass; with {@code judgesDisagree}, only trials whose judge panel split; those are found by
     * scoring the trials in chunks, then only the page's rows are read in full (outputs and prompts can be long).
     */
    public Optional<ResultsPage> results(String id, ResultsQuery query, Viewer viewer) {
        Optional<RunRow> found = run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        var params = new MapSqlParameterSource();
        var where = new StringBuilder();
        if (query.model() != null) {
            where.append(" AND model = :model");
            params.addValue("model", query.model());
        }
        if (query.caseId() != null) {
            where.append(" AND case_id = :caseId");
            params.addValue("caseId", query.caseId());
        }
        TrialKey after = query.cursor() == null ? null : decodeCursor(query.cursor());
        boolean scanning = query.failedOnly() || query.judgesDisagree();
        int chunk = scanning ? Math.max(SCAN_CHUNK, query.limit() + 1) : query.limit() + 1;
        var selected = new ArrayList<ScoredTrial>();
        while (selected.size() <= query.limit()) {
            var chunkParams = new MapSqlParameterSource(params.getValues());
            String keyset = "";
            if (after != null) {
                keyset = " AND " + TRIAL_KEY + " > (:afterModel, :afterCase, :afterRepeat)";
                chunkParams
                        .addValue("afterModel", after.model())
                        .addValue("afterCase", after.caseId())
                        .addValue("afterRepeat", after.repeat());
            }
            List<ScoredTrial> scanned = scoredTrials(run, where + keyset, chunkParams, chunk);
            for (ScoredTrial trial : scanned) {
                if ((!query.failedOnly() || trial.failed())
                        && (!query.judgesDisagree() || judgesDisagree(run.graders(), trial))) {
                    selected.add(trial);
                }
            }
            if (scanned.size() < chunk) break;
            after = scanned.getLast().key();
        }
        String next = null;
        if (selected.size() > query.limit()) {
            selected.subList(query.limit(), selected.size()).clear();
            next = encodeCursor(selected.getLast().key());
        }
        return Optional.of(new ResultsPage(trialViews(run, selected), next));
    }

    /**
     * The candidate against the baseline on this run: paired difference over cases, won/lost/tied, the failure
     * modes the candidate has and the baseline has not, and the ship decision on the run's pinned criteria.
     */
    public Optional<Comparison> compare(String id, String baseline, String candidate, Viewer viewer) {
        Optional<RunRow> found = run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        requireModel(run, "baseline", baseline);
        requireModel(run, "candidate", candidate);
        if (baseline.equals(candidate)) throw new InvalidQuery("candidate", "must differ from the baseline");

        List<ScoredTrial> trials = scoredTrials(
                run, " AND model IN (:models)", new MapSqlParameterSource("models", List.of(baseline, candidate)));
        List<ModelSummary> summaries = run.status() == RunStatus.COMPLETED && run.summaries() != null
                ? run.summaries()
                : liveSummaries(run, trials);
        ModelSummary base = summaryOf(summaries, baseline, run, trials);
        ModelSummary cand = summaryOf(summaries, candidate, run, trials);

        Map<String, Double> baseMeans = caseMeans(trials, baseline);
        Map<String, Double> candMeans = caseMeans(trials, candidate);
        var b = new ArrayList<Double>();
        var c = new ArrayList<Double>();
        for (String caseId : caseOrder(run, trials)) {
            if (baseMeans.containsKey(caseId) && candMeans.containsKey(caseId)) {
                b.add(baseMeans.get(caseId));
                c.add(candMeans.get(caseId));
            }
        }
        PairedComparison paired = PairedComparison.of(
                b.stream().mapToDouble(Double::doubleValue).toArray(),
                c.stream().mapToDouble(Double::doubleValue).toArray(),
                RunStatistics.seed(new RunId(run.id())));
        RunComparison.Decision decision = RunComparison.decide(run.criteria(), base, cand, paired);
        var difference = new Difference(
                paired.n(),
                finite(paired.meanDifference()),
                paired.ci().isEmpty()
                        ? null
                        : List.of(paired.ci().lower(), paired.ci().upper()),
                finite(paired.pValue()));
        List<CriterionCheck> checks = criterionChecks(decision);
        List<KnownFailureModeComparison> known =
                knownComparisons(run, trials, run, trials, baseline, candidate, viewer);
        var modes = new ArrayList<>(failureModes(run, trials, baseline, candidate));
        modes.addAll(candidateOnly(known));
        return Optional.of(new Comparison(
                run.id(),
                run.status(),
                baseline,
                candidate,
                ModelView.of(base),
                ModelView.of(cand),
                difference,
                paired.won(),
                paired.lost(),
                paired.tied(),
                modes,
                decision.verdict(),
                decision.reasons(),
                checks,
                decision.weightedScore(),
                known));
    }

    private static List<CriterionCheck> criterionChecks(RunComparison.Decision decision) {
        return decision.checks().stream()
                .map(check -> new CriterionCheck(
                        check.criterion().metric().json(),
                        check.criterion().op().symbol(),
                        check.criterion().threshold(),
                        check.criterion().severity().name(),
                        check.actual(),
                        check.met(),
                        check.criterion().ideal(),
                        check.idealMet(),
                        check.criterion().weight()))
                .toList();
    }

    /**
     * The cases of a comparison one by one, for reading the two answers side by side: each case both models have a score
     * on, in the run's case order, as won (the candidate's per-case mean is higher), lost or tied exactly as
     * {@link #compare} counts them, with both means and each model's answer on its first settled repeat. {@code outcome}
     * (WON, LOST, TIED or null for all) filters; {@code cursor} is the nextCursor of the previous page.
     */
    public Optional<ComparedCases> compareCases(
            String id, String baseline, String candidate, String outcome, String cursor, int limit, Viewer viewer) {
        Optional<RunRow> found = run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        requireModel(run, "baseline", baseline);
        requireModel(run, "candidate", candidate);
        if (baseline.equals(candidate)) throw new InvalidQuery("candidate", "must differ from the baseline");
        String after = cursor == null ? null : decodeCaseCursor(cursor);
        List<ScoredTrial> trials = scoredTrials(
                run, " AND model IN (:models)", new MapSqlParameterSource("models", List.of(baseline, candidate)));
        Map<String, Double> baseMeans = caseMeans(trials, baseline);
        Map<String, Double> candMeans = caseMeans(trials, candidate);
        var page = new ArrayList<ComparedCase>();
        boolean past = after == null;
        String next = null;
        for (String caseId : caseOrder(run, trials)) {
            if (!past) {
                past = caseId.equals(after);
                continue;
            }
            Double b = baseMeans.get(caseId);
            Double c = candMeans.get(caseId);
            if (b == null || c == null) continue;
            double d = c - b;
            String result = d > 0 ? "WON" : d < 0 ? "LOST" : "TIED";
            if (outcome != null && !outcome.equals(result)) continue;
            if (page.size() == limit) {
                next = encodeCaseCursor(page.getLast().caseId());
                break;
            }
            page.add(new ComparedCase(caseId, result, b, c, null, null));
        }
        if (page.isEmpty()) return Optional.of(new ComparedCases(run.id(), baseline, candidate, List.of(), null));
        var answers = new HashMap<List<String>, String>();
        jdbc.query(
                """
                SELECT DISTINCT ON (model, case_id) model, case_id, output FROM run_trial
                 WHERE run_id = :id AND model IN (:models) AND case_id IN (:caseIds) AND outcome IS NOT NULL
                 ORDER BY model, case_id, repeat""",
                new MapSqlParameterSource("id", run.id())
                        .addValue("models", List.of(baseline, candidate))
                        .addValue(
                                "caseIds",
                                page.stream().map(ComparedCase::caseId).toList()),
                rs -> {
                    answers.put(List.of(rs.getString("model"), rs.getString("case_id")), rs.getString("output"));
                });
        var items = page.stream()
                .map(k -> new ComparedCase(
                        k.caseId(),
                        k.outcome(),
                        k.baselineScore(),
                        k.candidateScore(),
                        answers.get(List.of(baseline, k.caseId())),
                        answers.get(List.of(candidate, k.caseId()))))
                .toList();
        return Optional.of(new ComparedCases(run.id(), baseline, candidate, items, next));
    }

    /**
     * The candidate of run {@code id} against the baseline model of another run of the same benchmark, e.g. the same
     * model on the base branch: paired over the cases both runs scored (matched by case id, so a run of an earlier version
     * pairs on the cases it shares), seeded by run {@code id}, judged by the decision criteria run {@code id} pinned.
     * Failure modes found by grader and call failure are not compared across runs; known failure modes are, each model on
     * the tagged cases of its own run. The baseline and the candidate may be the same model.
     */
    public Optional<Comparison> compareAcross(
            String id, String baselineRun, String baseline, String candidate, Viewer viewer) {
        Optional<RunRow> found = run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        if (baselineRun.equals(id)) return compare(id, baseline, candidate, viewer);
        RunRow baseRun = run(baselineRun, viewer)
                .orElseThrow(() -> new InvalidQuery("baselineRun", "no run '" + baselineRun + "' that you requested"));
        if (!baseRun.benchmarkId().equals(run.benchmarkId())) {
            throw new InvalidQuery("baselineRun", "is a run of another benchmark (" + baseRun.benchmarkId() + ")");
        }
        requireModel(baseRun, "baseline", baseline);
        requireModel(run, "candidate", candidate);

        List<ScoredTrial> baseTrials =
                scoredTrials(baseRun, " AND model = :model", new MapSqlParameterSource("model", baseline));
        List<ScoredTrial> candTrials =
                scoredTrials(run, " AND model = :model", new MapSqlParameterSource("model", candidate));
        ModelSummary base = summaryOf(summaries(baseRun, baseTrials), baseline, baseRun, baseTrials);
        ModelSummary cand = summaryOf(summaries(run, candTrials), candidate, run, candTrials);
        Map<String, Double> baseMeans = caseMeans(baseTrials, baseline);
        Map<String, Double> candMeans = caseMeans(candTrials, candidate);
        var b = new ArrayList<Double>();
        var c = new ArrayList<Double>();
        for (String caseId : caseOrder(run, candTrials)) {
            if (baseMeans.containsKey(caseId) && candMeans.containsKey(caseId)) {
                b.add(baseMeans.get(caseId));
                c.add(candMeans.get(caseId));
            }
        }
        PairedComparison paired = PairedComparison.of(
                b.stream().mapToDouble(Double::doubleValue).toArray(),
                c.stream().mapToDouble(Double::doubleValue).toArray(),
                RunStatistics.seed(new RunId(run.id())));
        RunComparison.Decision decision = RunComparison.decide(run.criteria(), base, cand, paired);
        var difference = new Difference(
                paired.n(),
                finite(paired.meanDifference()),
                paired.ci().isEmpty()
                        ? null
                        : List.of(paired.ci().lower(), paired.ci().upper()),
                finite(paired.pValue()));
        List<CriterionCheck> checks = criterionChecks(decision);
        List<KnownFailureModeComparison> known =
                knownComparisons(baseRun, baseTrials, run, candTrials, baseline, candidate, viewer);
        return Optional.of(new Comparison(
                run.id(),
                run.status(),
                baseline,
                candidate,
                ModelView.of(base),
                ModelView.of(cand),
                difference,
                paired.won(),
                paired.lost(),
                paired.tied(),
                candidateOnly(known),
                decision.verdict(),
                decision.reasons(),
                checks,
                decision.weightedScore(),
                known));
    }

    /**
     * The known failure modes of the run's benchmark (those the viewer may see) and each model's status on them in this
     * run (FailureModeCheck's rule).
     */
    public Optional<RunFailureModes> failureModes(String id, Viewer viewer) {
        Optional<RunRow> found = run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        List<KnownFailureMode> known = knownOf(run, viewer);
        if (known.isEmpty()) return Optional.of(new RunFailureModes(run.id(), run.benchmarkId(), List.of()));
        List<ScoredTrial> trials = scoredTrials(run, "", new MapSqlParameterSource());
        var items = new ArrayList<RunFailureMode>();
        for (KnownFailureMode mode : known) {
            var statuses = run.models().stream()
                    .map(model -> status(mode, trials, model))
                    .toList();
            items.add(new RunFailureMode(mode.name(), mode.note(), mode.caseIds(), mode.firstSeen(), statuses));
        }
        return Optional.of(new RunFailureModes(run.id(), run.benchmarkId(), items));
    }

    private List<KnownFailureMode> knownOf(RunRow run, Viewer viewer) {
        return failureModes
                .ofBenchmark(run.benchmarkId(), viewer)
                .map(FailureModeQueries.BenchmarkFailureModes::items)
                .orElse(List.of());
    }

    private List<KnownFailureModeComparison> knownComparisons(
            RunRow baseRun,
            List<ScoredTrial> baseTrials,
            RunRow candRun,
            List<ScoredTrial> candTrials,
            String baseline,
            String candidate,
            Viewer viewer) {
        var result = new ArrayList<KnownFailureModeComparison>();
        for (KnownFailureMode mode : knownOf(candRun, viewer)) {
            FailureModeStatus cand = status(mode, candTrials, candidate);
            FailureModeStatus base = status(mode, baseTrials, baseline);
            result.add(new KnownFailureModeComparison(
                    mode.name(),
                    mode.note(),
                    cand,
                    base,
                    cand.status() == FailureModeCheck.Status.STILL_SHOWS
                            && base.status() != FailureModeCheck.Status.STILL_SHOWS));
        }
        return result;
    }

    /** The known failure modes the candidate has and the baseline has not, as entries of {@code failureModes} (kind KNOWN). */
    private static List<FailureMode> candidateOnly(List<KnownFailureModeComparison> known) {
        return known.stream()
                .filter(KnownFailureModeComparison::candidateOnly)
                .map(k -> new FailureMode(
                        "KNOWN",
                        null,
                        null,
                        null,
                        k.candidate().failing(),
                        k.candidate()
                                .failingCaseIds()
                                .subList(0, Math.min(MAX_EXAMPLES, k.candidate().failing())),
                        k.name()))
                .toList();
    }

    /** A model's status on a known failure mode, from its graded trials (a failed call is graded and does not pass). */
    private static FailureModeStatus status(KnownFailureMode mode, List<ScoredTrial> trials, String model) {
        var graded = new HashMap<String, int[]>();
        for (ScoredTrial t : trials) {
            if (!t.key().model().equals(model)) continue;
            boolean passed = !t.failedCall() && Boolean.TRUE.equals(t.score().passed());
            if (!t.failedCall() && t.score().passed() == null) continue;
            int[] counts = graded.computeIfAbsent(t.key().caseId(), c -> new int[2]);
            counts[0]++;
            if (passed) counts[1]++;
        }
        var byCase = new HashMap<String, FailureModeCheck.CaseGrades>();
        graded.forEach((caseId, counts) -> byCase.put(caseId, new FailureModeCheck.CaseGrades(counts[0], counts[1])));
        return FailureModeStatus.of(model, FailureModeCheck.check(mode.caseIds(), byCase));
    }

    private static List<ModelSummary> summaries(RunRow run, List<ScoredTrial> trials) {
        return run.status() == RunStatus.COMPLETED && run.summaries() != null
                ? run.summaries()
                : liveSummaries(run, trials);
    }

    // --- reading rows

    private record RunRow(
            String id,
            String benchmarkId,
            long benchmarkVersion,
            String contentHash,
            RunStatus status,
            List<String> models,
            List<String> simulatedModels,
            int repeats,
            String trigger,
            List<String> caseIds,
            List<Grader> graders,
            JsonNode gradersJson,
            JsonNode judgePanelsJson,
            List<DecisionCriterion> criteria,
            JsonNode criteriaJson,
            long trialCount,
            Instant requestedAt,
            Instant startedAt,
            Instant finishedAt,
            String failureReason,
            String cancelledBy,
            List<ModelSummary> summaries,
            Double judgeAgreement,
            Map<String, Double> caseWeights,
            String suspendedReason) {}

    /** A settled trial's row without its output. */
    private record TrialRow(
            TrialKey key,
            boolean failedCall,
            String failureKind,
            List<GraderResult> grades,
            Long latencyMs,
            long costMicros) {}

    private record VerdictRow(int graderIndex, String judge, Double score, long costMicros) {}

    /** A settled trial with its grades, its verdicts and the score {@link TrialScoring} gives it. */
    private record ScoredTrial(
            TrialKey key,
            boolean failedCall,
            String failureKind,
            List<GraderResult> grades,
            List<VerdictRow> verdicts,
            TrialScore score,
            Long latencyMs,
            long costMicros) {

        long judgeCostMicros() {
            return verdicts.stream().mapToLong(VerdictRow::costMicros).sum();
        }

        boolean failed() {
            return failedCall || Boolean.FALSE.equals(score.passed());
        }

        TrialOutcome outcome() {
            return new TrialOutcome(
                    key.caseId(),
                    key.repeat(),
                    failedCall,
                    score.score(),
                    score.passed(),
                    latencyMs,
                    costMicros,
                    judgeCostMicros());
        }
    }

    private Optional<RunRow> run(String id, Viewer viewer) {
        return jdbc
                .query(
                        "SELECT r.* FROM run r WHERE r.id = :id AND " + runVisibleTo("r"),
                        params(id, viewer),
                        this::runRow)
                .stream()
                .findFirst();
    }

    private RunRow runRow(ResultSet rs, int n) throws SQLException {
        return new RunRow(
                rs.getString("id"),
                rs.getString("benchmark_id"),
                rs.getLong("benchmark_version"),
                rs.getString("content_hash"),
                RunStatus.valueOf(rs.getString("status")),
                json.strings(rs, "models"),
                json.strings(rs, "simulated_models"),
                rs.getInt("repeats"),
                rs.getString("trigger"),
                json.strings(rs, "case_ids"),
                read(rs, "graders", GRADERS),
                json.node(rs, "graders"),
                json.node(rs, "judge_panels"),
                read(rs, "decision_criteria", CRITERIA),
                json.node(rs, "decision_criteria"),
                rs.getLong("trial_count"),
                instant(rs, "requested_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("failure_reason"),
                rs.getString("cancelled_by"),
                read(rs, "summaries", SUMMARIES),
                rs.getObject("judge_agreement", Double.class),
                read(rs, "case_weights", WEIGHTS),
                rs.getString("suspended_reason"));
    }

    private long settled(String runId) {
        Long done = jdbc.queryForObject(
                "SELECT count(*) FROM run_trial WHERE run_id = :id AND outcome IS NOT NULL",
                new MapSqlParameterSource("id", runId),
                Long.class);
        return done == null ? 0 : done;
    }

    private List<ScoredTrial> scoredTrials(RunRow run, String where, MapSqlParameterSource params) {
        return scoredTrials(run, where, params, 0);
    }

    /**
     * Settled trials (light columns, no output) matching {@code where} (a condition on model, case_id and repeat,
     * starting with AND), in key order, at most {@code limit} (0 = all), each with its verdicts and score.
     */
    private List<ScoredTrial> scoredTrials(RunRow run, String where, MapSqlParameterSource params, int limit) {
        params.addValue("id", run.id());
        List<TrialRow> rows = jdbc.query(
                "SELECT model, case_id, repeat, outcome, grades, latency_ms, cost_micros, failure_kind"
                        + " FROM run_trial WHERE run_id = :id AND outcome IS NOT NULL" + where
                        + " ORDER BY model, case_id, repeat"
                        + (limit > 0 ? " LIMIT " + limit : ""),
                params,
                (rs, n) -> new TrialRow(
                        new TrialKey(rs.getString("case_id"), rs.getString("model"), rs.getInt("repeat")),
                        "FAILED".equals(rs.getString("outcome")),
                        rs.getString("failure_kind"),
                        read(rs, "grades", GRADES),
                        rs.getObject("latency_ms", Long.class),
                        rs.getLong("cost_micros")));
        if (rows.isEmpty()) return List.of();
        var verdictParams = new MapSqlParameterSource(params.getValues());
        String upTo = "";
        if (limit > 0) {
            TrialKey last = rows.getLast().key();
            upTo = " AND " + TRIAL_KEY + " <= (:lastModel, :lastCase, :lastRepeat)";
            verdictParams
                    .addValue("lastModel", last.model())
                    .addValue("lastCase", last.caseId())
                    .addValue("lastRepeat", last.repeat());
        }
        var verdicts = new HashMap<TrialKey, List<VerdictRow>>();
        jdbc.query(
                "SELECT model, case_id, repeat, grader_index, judge_model, score, cost_micros FROM run_verdict WHERE run_id = :id"
                        + where + upTo,
                verdictParams,
                rs -> {
                    verdicts.computeIfAbsent(
                                    new TrialKey(rs.getString("case_id"), rs.getString("model"), rs.getInt("repeat")),
                                    k -> new ArrayList<>())
                            .add(new VerdictRow(
                                    rs.getInt("grader_index"),
                                    rs.getString("judge_model"),
                                    rs.getObject("score", Double.class),
                                    rs.getLong("cost_micros")));
                });
        var trials = new ArrayList<ScoredTrial>(rows.size());
        for (TrialRow row : rows) {
            List<GraderResult> grades = row.grades() == null ? List.of() : row.grades();
            List<VerdictRow> trialVerdicts = verdicts.getOrDefault(row.key(), List.of());
            TrialScore score = TrialScoring.score(
                    run.graders(),
                    row.failedCall(),
                    grades,
                    trialVerdicts.stream()
                            .map(v -> new TrialScoring.Verdict(v.graderIndex(), v.score()))
                            .toList());
            trials.add(new ScoredTrial(
                    row.key(),
                    row.failedCall(),
                    row.failureKind(),
                    grades,
                    trialVerdicts,
                    score,
                    row.latencyMs(),
                    row.costMicros()));
        }
        return trials;
    }

    /** The full rows of the chosen trials, in the given order. */
    private List<TrialView> trialViews(RunRow run, List<ScoredTrial> trials) {
        if (trials.isEmpty()) return List.of();
        List<Object[]> keys = trials.stream()
                .map(t ->
                        new Object[] {t.key().model(), t.key().caseId(), t.key().repeat()})
                .toList();
        List<Object[]> pairs = trials.stream()
                .map(t -> List.of(t.key().model(), t.key().caseId()))
                .distinct()
                .map(List::toArray)
                .toList();
        var params =
                new MapSqlParameterSource("id", run.id()).addValue("keys", keys).addValue("pairs", pairs);

        var verdicts = new HashMap<TrialKey, List<VerdictView>>();
        jdbc.query("""
                SELECT * FROM run_verdict WHERE run_id = :id AND (model, case_id, repeat) IN (:keys)
                 ORDER BY model, case_id, repeat, grader_index, judge_model""", params, rs -> {
            Double score = rs.getObject("score", Double.class);
            verdicts.computeIfAbsent(
                            new TrialKey(rs.getString("case_id"), rs.getString("model"), rs.getInt("repeat")),
                            k -> new ArrayList<>())
                    .add(new VerdictView(
                            rs.getInt("grader_index"),
                            rs.getString("judge_model"),
                            score,
                            score == null,
                            rs.getString("rationale"),
                            rs.getString("failure"),
                            rs.getBoolean("self_preference"),
                            rs.getLong("cost_micros"),
                            rs.getInt("attempts")));
        });
        var humans = new HashMap<List<String>, List<HumanGradeView>>();
        jdbc.query("""
                SELECT * FROM run_human_grade WHERE run_id = :id AND (model, case_id) IN (:pairs)
                 ORDER BY model, case_id, graded_at, graded_by""", params, rs -> {
            humans.computeIfAbsent(List.of(rs.getString("model"), rs.getString("case_id")), k -> new ArrayList<>())
                    .add(new HumanGradeView(
                            rs.getString("graded_by"),
                            rs.getDouble("score"),
                            rs.getString("comment"),
                            instant(rs, "graded_at")));
        });
        Prompts prompts = prompts(
                run, trials.stream().map(t -> t.key().caseId()).distinct().toList());
        var views = new HashMap<TrialKey, TrialView>();
        Map<TrialKey, ScoredTrial> scored = new HashMap<>();
        trials.forEach(t -> scored.put(t.key(), t));
        jdbc.query("SELECT * FROM run_trial WHERE run_id = :id AND (model, case_id, repeat) IN (:keys)", params, rs -> {
            var key = new TrialKey(rs.getString("case_id"), rs.getString("model"), rs.getInt("repeat"));
            ScoredTrial trial = scored.get(key);
            String failureKind = rs.getString("failure_kind");
            views.put(
                    key,
                    new TrialView(
                            key.caseId(),
                            key.model(),
                            key.repeat(),
                            rs.getString("outcome"),
                            rs.getString("output"),
                            trial.score().score(),
                            trial.score().passed(),
                            rs.getObject("latency_ms", Long.class),
                            rs.getObject("prompt_tokens", Long.class),
                            rs.getObject("completion_tokens", Long.class),
                            trial.costMicros(),
                            trial.judgeCostMicros(),
                            rs.getObject("attempts", Integer.class),
                            rs.getObject("simulated", Boolean.class),
                            rs.getString("generation_id"),
                            trial.grades(),
                            verdicts.getOrDefault(key, List.of()),
                            failureKind == null
                                    ? null
                                    : new CallFailure(
                                            failureKind,
                                            rs.getString("failure_reason"),
                                            rs.getObject("http_status", Integer.class)),
                            humans.getOrDefault(List.of(key.model(), key.caseId()), List.of()),
                            instant(rs, "settled_at"),
                            prompts.of(key.model(), key.caseId()),
                            judgesDisagree(run.graders(), trial)));
        });
        return trials.stream().map(t -> views.get(t.key())).toList();
    }

    /**
     * The prompt template(s) of the benchmark version the run pinned and the inputs of some of its cases at that version:
     * what the run sent, rendered again the way the run rendered it ({@link PromptRendering}).
     */
    private record Prompts(String template, List<PromptVariant> variants, Map<String, JsonNode> inputs) {

        /** The messages sent for a candidate label (model, or model@variant) on a case; null when the case is unknown. */
        List<PromptMessage> of(String label, String caseId) {
            JsonNode input = inputs.get(caseId);
            if (input == null) return null;
            String chosen = template;
            for (PromptVariant variant : variants) {
                if (label.endsWith(RunRequested.VARIANT_SEPARATOR + variant.name())) chosen = variant.template();
            }
            return PromptRendering.render(chosen, input);
        }
    }

    private Prompts prompts(RunRow run, List<String> caseIds) {
        var params = new MapSqlParameterSource("benchmarkId", run.benchmarkId())
                .addValue("version", run.benchmarkVersion())
                .addValue("caseIds", caseIds);
        var template = new String[1];
        var variants = new ArrayList<PromptVariant>();
        jdbc.query(
                "SELECT prompt_template, prompt_variants FROM benchmark_version WHERE benchmark_id = :benchmarkId AND version = :version",
                params,
                rs -> {
                    template[0] = rs.getString("prompt_template");
                    List<PromptVariant> named = read(rs, "prompt_variants", VARIANTS);
                    if (named != null) variants.addAll(named);
                });
        var inputs = new HashMap<String, JsonNode>();
        jdbc.query("""
                SELECT case_id, input FROM benchmark_case WHERE benchmark_id = :benchmarkId AND case_id IN (:caseIds)
                   AND valid_from <= :version AND (valid_to IS NULL OR valid_to > :version)""", params, rs -> {
            inputs.put(rs.getString("case_id"), json.node(rs, "input"));
        });
        return new Prompts(template[0], variants, inputs);
    }

    // --- statistics

    private static List<ModelSummary> liveSummaries(RunRow run, List<ScoredTrial> trials) {
        long seed = RunStatistics.seed(new RunId(run.id()));
        var byModel = new HashMap<String, List<TrialOutcome>>();
        for (ScoredTrial trial : trials)
            byModel.computeIfAbsent(trial.key().model(), m -> new ArrayList<>()).add(trial.outcome());
        return run.models().stream()
                .map(model -> RunStatistics.summarize(
                        model,
                        run.simulatedModels().contains(model),
                        byModel.getOrDefault(model, List.of()),
                        run.repeats(),
                        run.caseWeights(),
                        seed))
                .toList();
    }

    /** A model's summary as the run shows it; computed when a completed run's record lacks the model. */
    private static ModelSummary summaryOf(
            List<ModelSummary> summaries, String model, RunRow run, List<ScoredTrial> trials) {
        return summaries.stream()
                .filter(s -> s.model().equals(model))
                .findFirst()
                .orElseGet(() -> liveSummaries(run, trials).stream()
                        .filter(s -> s.model().equals(model))
                        .findFirst()
                        .orElseThrow());
    }

    /** Krippendorff's alpha over (trial, LLM-judge grader) units, as {@link RunStatistics#judgeAgreement} defines it. */
    private static Double judgeAgreement(List<ScoredTrial> trials) {
        var units = new ArrayList<List<Double>>();
        for (ScoredTrial trial : trials) {
            var byGrader = new TreeMap<Integer, List<Double>>();
            for (VerdictRow v : trial.verdicts())
                byGrader.computeIfAbsent(v.graderIndex(), i -> new ArrayList<>())
                        .add(v.score());
            units.addAll(byGrader.values());
        }
        return RunStatistics.judgeAgreement(units);
    }

    /**
     * Whether the trial's judge panel split: on one LLM-judge grader, at least two judges gave a score and they fall on
     * both sides of that grader's pass threshold (a case's own judge, past the benchmark's graders, passes at the default).
     * Failed verdicts have no score and take no side.
     */
    static boolean judgesDisagree(List<Grader> graders, List<Integer> graderIndexes, List<Double> scores) {
        var sides = new HashMap<Integer, Set<Boolean>>();
        for (int i = 0; i < scores.size(); i++) {
            Double score = scores.get(i);
            if (score == null) continue;
            int index = graderIndexes.get(i);
            double threshold = index < graders.size() && graders.get(index) instanceof Grader.LlmJudge judge
                    ? TrialScoring.passThreshold(judge)
                    : TrialScoring.DEFAULT_JUDGE_PASS_THRESHOLD;
            Set<Boolean> seen = sides.computeIfAbsent(index, k -> new HashSet<>());
            seen.add(score >= threshold);
            if (seen.size() == 2) return true;
        }
        return false;
    }

    private static boolean judgesDisagree(List<Grader> graders, ScoredTrial trial) {
        return judgesDisagree(
                graders,
                trial.verdicts().stream().map(VerdictRow::graderIndex).toList(),
                trial.verdicts().stream().map(VerdictRow::score).toList());
    }

    /** Over the (case, model) pairs people graded: mean human score against mean successful judge score. */
    private HumanAgreement humanAgreement(String runId) {
        var human = new ArrayList<Double>();
        var judge = new ArrayList<Double>();
        jdbc.query("""
                SELECT avg(h.score) AS human,
                       (SELECT avg(v.score) FROM run_verdict v
                         WHERE v.run_id = h.run_id AND v.model = h.model AND v.case_id = h.case_id AND v.score IS NOT NULL) AS judge
                  FROM run_human_grade h WHERE h.run_id = :id
                 GROUP BY h.run_id, h.model, h.case_id ORDER BY h.model, h.case_id""", new MapSqlParameterSource("id", runId), rs -> {
            human.add(rs.getDouble("human"));
            Double j = rs.getObject("judge", Double.class);
            judge.add(j == null ? Double.NaN : j);
        });
        if (human.isEmpty()) return null;
        double[] x = human.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = judge.stream().mapToDouble(Double::doubleValue).toArray();
        Correlation pearson = Correlation.pearson(x, y);
        return new HumanAgreement(
                finite(pearson.coefficient()), finite(Correlation.spearman(x, y).coefficient()), pearson.n());
    }

    /** Each case's mean score over the model's scored repeats. */
    private static Map<String, Double> caseMeans(List<ScoredTrial> trials, String model) {
        var scores = new LinkedHashMap<String, List<Double>>();
        for (ScoredTrial t : trials) {
            if (t.key().model().equals(model) && t.score().score() != null) {
                scores.computeIfAbsent(t.key().caseId(), c -> new ArrayList<>())
                        .add(t.score().score());
            }
        }
        var means = new HashMap<String, Double>();
        scores.forEach((caseId, s) -> means.put(
                caseId, s.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        return means;
    }

    /** The run's cases in benchmark order, then any other case a trial names. */
    private static List<String> caseOrder(RunRow run, List<ScoredTrial> trials) {
        var order = new LinkedHashSet<>(run.caseIds());
        trials.stream().map(t -> t.key().caseId()).sorted().forEach(order::add);
        return List.copyOf(order);
    }

    private List<FailureMode> failureModes(RunRow run, List<ScoredTrial> trials, String baseline, String candidate) {
        Map<String, Map<Integer, Boolean>> baseGraders = graderPasses(run, trials, baseline);
        Map<String, Map<Integer, Boolean>> candGraders = graderPasses(run, trials, candidate);
        var candFailures = new HashMap<String, Set<String>>();
        var baseFailed = new HashSet<String>();
        var baseAnswered = new HashSet<String>();
        for (ScoredTrial t : trials) {
            if (t.key().model().equals(candidate) && t.failedCall()) {
                candFailures
                        .computeIfAbsent(t.key().caseId(), c -> new HashSet<>())
                        .add(String.valueOf(t.failureKind()));
            } else if (t.key().model().equals(baseline)) {
                (t.failedCall() ? baseFailed : baseAnswered).add(t.key().caseId());
            }
        }
        var graderCases = new TreeMap<Integer, List<String>>();
        var callCases = new TreeMap<String, List<String>>();
        for (String caseId : caseOrder(run, trials)) {
            Map<Integer, Boolean> cand = candGraders.getOrDefault(caseId, Map.of());
            Map<Integer, Boolean> base = baseGraders.getOrDefault(caseId, Map.of());
            cand.forEach((grader, passed) -> {
                if (!passed && Boolean.TRUE.equals(base.get(grader)))
                    graderCases.computeIfAbsent(grader, g -> new ArrayList<>()).add(caseId);
            });
            if (baseAnswered.contains(caseId) && !baseFailed.contains(caseId)) {
                for (String kind : candFailures.getOrDefault(caseId, Set.of()))
                    callCases.computeIfAbsent(kind, k -> new ArrayList<>()).add(caseId);
            }
        }
        var modes = new ArrayList<FailureMode>();
        graderCases.forEach((grader, cases) -> modes.add(new FailureMode(
                "GRADER",
                grader,
                graderType(run, grader),
                null,
                cases.size(),
                cases.subList(0, Math.min(MAX_EXAMPLES, cases.size())))));
        callCases.forEach((kind, cases) -> modes.add(new FailureMode(
                "CALL_FAILURE",
                null,
                null,
                kind,
                cases.size(),
                cases.subList(0, Math.min(MAX_EXAMPLES, cases.size())))));
        modes.sort(Comparator.comparingInt(FailureMode::cases).reversed());
        return modes;
    }

    /**
     * Per case and grader index: whether the model passed that grader every time it was graded on the case (true)
     * or failed it at least once (false). A judge grader passes a trial when its judges' mean reaches its threshold.
     */
    private static Map<String, Map<Integer, Boolean>> graderPasses(RunRow run, List<ScoredTrial> trials, String model) {
        var passes = new HashMap<String, Map<Integer, Boolean>>();
        for (ScoredTrial t : trials) {
            if (!t.key().model().equals(model) || t.failedCall()) continue;
            Map<Integer, Boolean> byGrader = passes.computeIfAbsent(t.key().caseId(), c -> new HashMap<>());
            for (GraderResult r : t.grades()) byGrader.merge(r.graderIndex(), r.passed(), Boolean::logicalAnd);
            for (int i = 0; i < run.graders().size(); i++) {
                if (!(run.graders().get(i) instanceof Grader.LlmJudge judge)) continue;
                int index = i;
                double[] scores = t.verdicts().stream()
                        .filter(v -> v.graderIndex() == index && v.score() != null)
                        .mapToDouble(VerdictRow::score)
                        .sorted()
                        .toArray();
                if (scores.length == 0) continue;
                boolean passed = DoubleStream.of(scores).sum() / scores.length >= TrialScoring.passThreshold(judge);
                byGrader.merge(i, passed, Boolean::logicalAnd);
            }
        }
        return passes;
    }

    private static String graderType(RunRow run, int index) {
        JsonNode grader = run.gradersJson() == null ? null : run.gradersJson().get(index);
        return grader == null ? null : grader.path("type").asText(null);
    }

    private static void requireModel(RunRow run, String field, String model) {
        if (model == null || model.isBlank()) throw new InvalidQuery(field, "is required");
        if (!run.models().contains(model))
            throw new InvalidQuery(field, "'" + model + "' is not a model of this run; its models are " + run.models());
    }

    // --- small things

    private <T> T read(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        String text = rs.getString(column);
        if (text == null) return null;
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " cannot be read", e);
        }
    }

    /** The opaque results cursor: the last trial key of a page, as base64url JSON. */
    private String encodeCursor(TrialKey key) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(List.of(key.model(), key.caseId(), key.repeat()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encodeCaseCursor(String caseId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(caseId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCaseCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("cursor", "is not a cursor this endpoint gave");
        }
    }

    private TrialKey decodeCursor(String cursor) {
        try {
            JsonNode node = mapper.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (node != null
                    && node.isArray()
                    && node.size() == 3
                    && node.get(0).isTextual()
                    && node.get(1).isTextual()
                    && node.get(2).canConvertToInt()) {
                return new TrialKey(
                        node.get(1).asText(), node.get(0).asText(), node.get(2).intValue());
            }
        } catch (Exception e) {
            // answered below
        }
        throw new InvalidQuery("cursor", "is not a cursor of these results; start again without one");
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static MapSqlParameterSource params(String id, Viewer viewer) {
        return new MapSqlParameterSource("id", id).addValue("viewer", viewer.ownerParam());
    }
}

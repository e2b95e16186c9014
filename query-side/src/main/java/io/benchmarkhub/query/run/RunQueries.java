package io.benchmarkhub.query.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.run.FailureModeAnalysis;
import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunComparison;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunStatistics;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.TrialScoring;
import io.benchmarkhub.domain.statistics.Correlation;
import io.benchmarkhub.domain.statistics.PairedComparison;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Page;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.failuremode.FailureModeQueries;
import io.benchmarkhub.query.failuremode.FailureModeQueries.KnownFailureMode;
import io.benchmarkhub.query.run.RunRows.RunRow;
import io.benchmarkhub.query.run.RunRows.ScoredTrial;
import io.benchmarkhub.query.run.RunRows.VerdictRow;
import io.benchmarkhub.query.run.RunViews.ComparedCase;
import io.benchmarkhub.query.run.RunViews.ComparedCases;
import io.benchmarkhub.query.run.RunViews.Comparison;
import io.benchmarkhub.query.run.RunViews.CriterionCheck;
import io.benchmarkhub.query.run.RunViews.Difference;
import io.benchmarkhub.query.run.RunViews.FailureMode;
import io.benchmarkhub.query.run.RunViews.FailureModeStatus;
import io.benchmarkhub.query.run.RunViews.HumanAgreement;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the runs read model. A run is visible to the user who requested it and to no one else,
 * admins included: every method answers a run the viewer may not see exactly like a missing one.
 * Statistics are computed here from the trial rows with the domain's {@link TrialScoring} and
 * {@link RunStatistics}, the same code the command side completes a run with; once a run has
 * completed, its view shows the summaries recorded in {@code RunCompleted}; before that, a large run's statistics may
 * be some seconds older than its progress ({@link LiveSummaries}).
 */
@Repository
public class RunQueries {

    public static final int MAX_EXAMPLES = 5;
    /** Trials scanned per round trip while looking for failed ones. */
    private static final int SCAN_CHUNK = 500;

    /**
     * Filters of the per-trial results; null means "no filter". {@code judgesDisagree} keeps trials whose judge panel split
     * (see {@link FailureModeAnalysis#judgesDisagree}). {@code cursor} continues after a previous page.
     */
    public record ResultsQuery(
            String model, String caseId, boolean failedOnly, boolean judgesDisagree, String cursor, int limit) {}

    private final RunRows rows;
    private final RunCursors cursors;
    private final FailureModeQueries failureModes;
    private final LiveSummaries live;

    @Autowired
    public RunQueries(
            NamedParameterJdbcTemplate jdbc, JsonColumns json, ObjectMapper mapper, FailureModeQueries failureModes) {
        this(jdbc, json, mapper, failureModes, System::nanoTime);
    }

    /** With the clock that decides how long a running run's statistics are answered again ({@link LiveSummaries}). */
    RunQueries(
            NamedParameterJdbcTemplate jdbc,
            JsonColumns json,
            ObjectMapper mapper,
            FailureModeQueries failureModes,
            LongSupplier nanoTime) {
        this.rows = new RunRows(jdbc, json, mapper);
        this.cursors = new RunCursors(mapper);
        this.failureModes = failureModes;
        this.live = new LiveSummaries(256, nanoTime);
    }

    public Optional<RunView> find(String id, Viewer viewer) {
        return rows.run(id, viewer).map(run -> {
            List<ModelSummary> summaries;
            Double judgeAgreement;
            if (run.status() == RunStatus.COMPLETED && run.summaries() != null) {
                summaries = run.summaries();
                judgeAgreement = run.judgeAgreement();
            } else {
                LiveSummaries.Live stats = live.get(run.id(), () -> {
                    List<ScoredTrial> trials = rows.scoredTrials(run, "", new MapSqlParameterSource());
                    return new LiveSummaries.Live(liveSummaries(run, trials), judgeAgreement(trials));
                });
                summaries = stats.summaries();
                judgeAgreement = stats.judgeAgreement();
            }
            return new RunView(
                    run.id(),
                    run.benchmarkId(),
                    run.benchmarkVersion(),
                    run.contentHash(),
                    run.status(),
                    new Progress(rows.settled(run.id()), run.trialCount()),
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
        return rows.progress(id, viewer);
    }

    /**
     * The viewer's runs, newest first, optionally of one benchmark or workspace and in one status, within the viewer's
     * history window (null: all).
     */
    public Page<RunListItem> list(
            String benchmarkId,
            String workspaceId,
            RunStatus status,
            int page,
            int size,
            Viewer viewer,
            HistoryWindow window) {
        return rows.list(benchmarkId, workspaceId, status, page, size, viewer, window);
    }

    /**
     * One page of settled trials in (model, caseId, repeat) order. With {@code failedOnly}, only trials whose call
     * failed or that did not pass; with {@code judgesDisagree}, only trials whose judge panel split; those are found by
     * scoring the trials in chunks, then only the page's rows are read in full (outputs and prompts can be long).
     */
    public Optional<ResultsPage> results(String id, ResultsQuery query, Viewer viewer) {
        Optional<RunRow> found = rows.run(id, viewer);
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
        TrialKey after = query.cursor() == null ? null : cursors.decodeTrial(query.cursor());
        boolean scanning = query.failedOnly() || query.judgesDisagree();
        int chunk = scanning ? Math.max(SCAN_CHUNK, query.limit() + 1) : query.limit() + 1;
        var selected = new ArrayList<ScoredTrial>();
        while (selected.size() <= query.limit()) {
            var chunkParams = new MapSqlParameterSource(params.getValues());
            String keyset = "";
            if (after != null) {
                keyset = " AND " + RunRows.TRIAL_KEY + " > (:afterModel, :afterCase, :afterRepeat)";
                chunkParams
                        .addValue("afterModel", after.model())
                        .addValue("afterCase", after.caseId())
                        .addValue("afterRepeat", after.repeat());
            }
            List<ScoredTrial> scanned = rows.scoredTrials(run, where + keyset, chunkParams, chunk);
            for (ScoredTrial trial : scanned) {
                if ((!query.failedOnly() || trial.failed())
                        && (!query.judgesDisagree()
                                || FailureModeAnalysis.judgesDisagree(
                                        run.graders(), trial.analysed().verdicts()))) {
                    selected.add(trial);
                }
            }
            if (scanned.size() < chunk) break;
            after = scanned.getLast().key();
        }
        String next = null;
        if (selected.size() > query.limit()) {
            selected.subList(query.limit(), selected.size()).clear();
            next = cursors.encodeTrial(selected.getLast().key());
        }
        return Optional.of(new ResultsPage(rows.trialViews(run, selected), next));
    }

    /**
     * The candidate against the baseline on this run: paired difference over cases, won/lost/tied, the failure
     * modes the candidate has and the baseline has not, and the ship decision on the run's pinned criteria.
     */
    public Optional<Comparison> compare(String id, String baseline, String candidate, Viewer viewer) {
        Optional<RunRow> found = rows.run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        requireModel(run, "baseline", baseline);
        requireModel(run, "candidate", candidate);
        if (baseline.equals(candidate)) throw new InvalidQuery("candidate", "must differ from the baseline");

        List<ScoredTrial> trials = rows.scoredTrials(
                run, " AND model IN (:models)", new MapSqlParameterSource("models", List.of(baseline, candidate)));
        List<ModelSummary> summaries = summaries(run, trials);
        ModelSummary base = summaryOf(summaries, baseline, run, trials);
        ModelSummary cand = summaryOf(summaries, candidate, run, trials);

        List<FailureModeAnalysis.Trial> analysed = ScoredTrial.analysed(trials);
        PairedComparison paired = RunComparison.pairedOverCases(
                FailureModeAnalysis.caseOrder(run.caseIds(), analysed),
                FailureModeAnalysis.caseMeans(analysed, baseline),
                FailureModeAnalysis.caseMeans(analysed, candidate),
                RunStatistics.seed(new RunId(run.id())));
        List<KnownFailureModeComparison> known =
                knownComparisons(run, trials, run, trials, baseline, candidate, viewer);
        var modes = new ArrayList<>(failureModes(run, trials, baseline, candidate));
        modes.addAll(candidateOnly(known));
        return Optional.of(comparison(run, baseline, candidate, base, cand, paired, modes, known));
    }

    /**
     * What {@link #compare} and {@link #compareAcross} answer once they have the two models' summaries and the paired
     * difference: the decision on the criteria {@code run} pinned, and the failure modes each found its own way.
     */
    private static Comparison comparison(
            RunRow run,
            String baseline,
            String candidate,
            ModelSummary base,
            ModelSummary cand,
            PairedComparison paired,
            List<FailureMode> modes,
            List<KnownFailureModeComparison> known) {
        RunComparison.Decision decision = RunComparison.decide(run.criteria(), base, cand, paired);
        var difference = new Difference(
                paired.n(),
                finite(paired.meanDifference()),
                paired.ci().isEmpty()
                        ? null
                        : List.of(paired.ci().lower(), paired.ci().upper()),
                finite(paired.pValue()));
        return new Comparison(
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
                criterionChecks(decision),
                decision.weightedScore(),
                known);
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
        Optional<RunRow> found = rows.run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        requireModel(run, "baseline", baseline);
        requireModel(run, "candidate", candidate);
        if (baseline.equals(candidate)) throw new InvalidQuery("candidate", "must differ from the baseline");
        String after = cursor == null ? null : RunCursors.decodeCase(cursor);
        List<ScoredTrial> trials = rows.scoredTrials(
                run, " AND model IN (:models)", new MapSqlParameterSource("models", List.of(baseline, candidate)));
        List<FailureModeAnalysis.Trial> analysed = ScoredTrial.analysed(trials);
        Map<String, Double> baseMeans = FailureModeAnalysis.caseMeans(analysed, baseline);
        Map<String, Double> candMeans = FailureModeAnalysis.caseMeans(analysed, candidate);
        var page = new ArrayList<ComparedCase>();
        boolean past = after == null;
        String next = null;
        for (String caseId : FailureModeAnalysis.caseOrder(run.caseIds(), analysed)) {
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
                next = RunCursors.encodeCase(page.getLast().caseId());
                break;
            }
            page.add(new ComparedCase(caseId, result, b, c, null, null));
        }
        if (page.isEmpty()) return Optional.of(new ComparedCases(run.id(), baseline, candidate, List.of(), null));
        Map<List<String>, String> answers = rows.firstAnswers(
                run.id(),
                List.of(baseline, candidate),
                page.stream().map(ComparedCase::caseId).toList());
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
        Optional<RunRow> found = rows.run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        if (baselineRun.equals(id)) return compare(id, baseline, candidate, viewer);
        RunRow baseRun = rows.run(baselineRun, viewer)
                .orElseThrow(() -> new InvalidQuery("baselineRun", "no run '" + baselineRun + "' that you requested"));
        if (!baseRun.benchmarkId().equals(run.benchmarkId())) {
            throw new InvalidQuery("baselineRun", "is a run of another benchmark (" + baseRun.benchmarkId() + ")");
        }
        requireModel(baseRun, "baseline", baseline);
        requireModel(run, "candidate", candidate);

        List<ScoredTrial> baseTrials =
                rows.scoredTrials(baseRun, " AND model = :model", new MapSqlParameterSource("model", baseline));
        List<ScoredTrial> candTrials =
                rows.scoredTrials(run, " AND model = :model", new MapSqlParameterSource("model", candidate));
        ModelSummary base = summaryOf(summaries(baseRun, baseTrials), baseline, baseRun, baseTrials);
        ModelSummary cand = summaryOf(summaries(run, candTrials), candidate, run, candTrials);
        List<FailureModeAnalysis.Trial> candAnalysed = ScoredTrial.analysed(candTrials);
        PairedComparison paired = RunComparison.pairedOverCases(
                FailureModeAnalysis.caseOrder(run.caseIds(), candAnalysed),
                FailureModeAnalysis.caseMeans(ScoredTrial.analysed(baseTrials), baseline),
                FailureModeAnalysis.caseMeans(candAnalysed, candidate),
                RunStatistics.seed(new RunId(run.id())));
        List<KnownFailureModeComparison> known =
                knownComparisons(baseRun, baseTrials, run, candTrials, baseline, candidate, viewer);
        return Optional.of(comparison(run, baseline, candidate, base, cand, paired, candidateOnly(known), known));
    }

    /**
     * The known failure modes of the run's benchmark (those the viewer may see) and each model's status on them in this
     * run (FailureModeCheck's rule).
     */
    public Optional<RunFailureModes> failureModes(String id, Viewer viewer) {
        Optional<RunRow> found = rows.run(id, viewer);
        if (found.isEmpty()) return Optional.empty();
        RunRow run = found.get();
        List<KnownFailureMode> known = knownOf(run, viewer);
        if (known.isEmpty()) return Optional.of(new RunFailureModes(run.id(), run.benchmarkId(), List.of()));
        List<ScoredTrial> trials = rows.scoredTrials(run, "", new MapSqlParameterSource());
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
        return FailureModeStatus.of(
                model, FailureModeAnalysis.check(mode.caseIds(), ScoredTrial.analysed(trials), model));
    }

    private static List<ModelSummary> summaries(RunRow run, List<ScoredTrial> trials) {
        return run.status() == RunStatus.COMPLETED && run.summaries() != null
                ? run.summaries()
                : liveSummaries(run, trials);
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

    /** Over the (case, model) pairs people graded: mean human score against mean successful judge score. */
    private HumanAgreement humanAgreement(String runId) {
        RunRows.HumanAndJudge scores = rows.humanAndJudge(runId);
        if (scores.human().length == 0) return null;
        Correlation pearson = Correlation.pearson(scores.human(), scores.judge());
        return new HumanAgreement(
                finite(pearson.coefficient()),
                finite(Correlation.spearman(scores.human(), scores.judge()).coefficient()),
                pearson.n());
    }

    /** The failure modes the candidate has and the baseline has not ({@link FailureModeAnalysis}), as the run shows them. */
    private static List<FailureMode> failureModes(
            RunRow run, List<ScoredTrial> trials, String baseline, String candidate) {
        List<FailureModeAnalysis.Trial> analysed = ScoredTrial.analysed(trials);
        return FailureModeAnalysis.newFailureModes(
                        run.graders(),
                        FailureModeAnalysis.caseOrder(run.caseIds(), analysed),
                        analysed,
                        baseline,
                        candidate)
                .stream()
                .map(found -> new FailureMode(
                        found.kind().name(),
                        found.graderIndex(),
                        found.graderIndex() == null ? null : graderType(run, found.graderIndex()),
                        found.failureKind(),
                        found.caseIds().size(),
                        found.caseIds()
                                .subList(
                                        0,
                                        Math.min(MAX_EXAMPLES, found.caseIds().size()))))
                .toList();
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

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}

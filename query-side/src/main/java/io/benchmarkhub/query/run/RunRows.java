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
import io.benchmarkhub.domain.run.FailureModeAnalysis;
import io.benchmarkhub.domain.run.GraderResult;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.PromptMessage;
import io.benchmarkhub.domain.run.PromptRendering;
import io.benchmarkhub.domain.run.RunStatus;
import io.benchmarkhub.domain.run.TrialKey;
import io.benchmarkhub.domain.run.TrialOutcome;
import io.benchmarkhub.domain.run.TrialScoring;
import io.benchmarkhub.domain.run.TrialScoring.TrialScore;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.Page;
import io.benchmarkhub.query.Viewer;
import io.benchmarkhub.query.run.RunViews.CallFailure;
import io.benchmarkhub.query.run.RunViews.HumanGradeView;
import io.benchmarkhub.query.run.RunViews.Progress;
import io.benchmarkhub.query.run.RunViews.RunListItem;
import io.benchmarkhub.query.run.RunViews.RunProgress;
import io.benchmarkhub.query.run.RunViews.TrialView;
import io.benchmarkhub.query.run.RunViews.VerdictView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The SQL of the runs read model: the run row, its settled trials scored with {@link TrialScoring}, the full rows of a
 * page of trials, and the lists. {@link RunQueries} decides what to read and what the answer is; nothing here checks more
 * than who may see a run.
 */
final class RunRows {

    private static final TypeReference<List<Grader>> GRADERS = new TypeReference<>() {};
    private static final TypeReference<List<DecisionCriterion>> CRITERIA = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> WEIGHTS = new TypeReference<>() {};
    private static final TypeReference<List<ModelSummary>> SUMMARIES = new TypeReference<>() {};
    private static final TypeReference<List<GraderResult>> GRADES = new TypeReference<>() {};
    private static final TypeReference<List<PromptVariant>> VARIANTS = new TypeReference<>() {};
    private static final String SETTLED =
            "(SELECT count(*) FROM run_trial t WHERE t.run_id = r.id AND t.outcome IS NOT NULL)";
    static final String TRIAL_KEY = "(model, case_id, repeat)";

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;
    private final ObjectMapper mapper;

    RunRows(NamedParameterJdbcTemplate jdbc, JsonColumns json, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.json = json;
        this.mapper = mapper;
    }

    record RunRow(
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

    record VerdictRow(int graderIndex, String judge, Double score, long costMicros) {}

    /** A settled trial with its grades, its verdicts and the score {@link TrialScoring} gives it. */
    record ScoredTrial(
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

        /** The trial as {@link FailureModeAnalysis} reads it. */
        FailureModeAnalysis.Trial analysed() {
            return new FailureModeAnalysis.Trial(
                    key,
                    failedCall,
                    failureKind,
                    grades,
                    verdicts.stream()
                            .map(v -> new TrialScoring.Verdict(v.graderIndex(), v.score()))
                            .toList(),
                    score);
        }

        static List<FailureModeAnalysis.Trial> analysed(List<ScoredTrial> trials) {
            return trials.stream().map(ScoredTrial::analysed).toList();
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

    /** The viewer's run, or empty when there is none or the viewer may not see it. */
    Optional<RunRow> run(String id, Viewer viewer) {
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

    long settled(String runId) {
        Long done = jdbc.queryForObject(
                "SELECT count(*) FROM run_trial WHERE run_id = :id AND outcome IS NOT NULL",
                new MapSqlParameterSource("id", runId),
                Long.class);
        return done == null ? 0 : done;
    }

    List<ScoredTrial> scoredTrials(RunRow run, String where, MapSqlParameterSource params) {
        return scoredTrials(run, where, params, 0);
    }

    /**
     * Settled trials (light columns, no output) matching {@code where} (a condition on model, case_id and repeat,
     * starting with AND), in key order, at most {@code limit} (0 = all), each with its verdicts and score.
     */
    List<ScoredTrial> scoredTrials(RunRow run, String where, MapSqlParameterSource params, int limit) {
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
    List<TrialView> trialViews(RunRow run, List<ScoredTrial> trials) {
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
                            FailureModeAnalysis.judgesDisagree(
                                    run.graders(), trial.analysed().verdicts())));
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

    /** Status and progress only: one indexed query, for the event stream's polling. */
    Optional<RunProgress> progress(String id, Viewer viewer) {
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
    Page<RunListItem> list(
            String benchmarkId,
            String workspaceId,
            RunStatus status,
            int page,
            int size,
            Viewer viewer,
            HistoryWindow window) {
        var params = new MapSqlParameterSource("viewer", viewer.ownerParam());
        var where = new ArrayList<String>(List.of(runVisibleTo("r")));
        if (window != null) where.add(window.keeps(params));
        if (benchmarkId != null) {
            where.add("r.benchmark_id = :benchmarkId");
            params.addValue("benchmarkId", benchmarkId);
        }
        if (workspaceId != null) {
            where.add("r.workspace_id = :workspaceId");
            params.addValue("workspaceId", workspaceId);
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

    /** Over the (case, model) pairs people graded: the mean human score and the mean successful judge score (NaN: none). */
    record HumanAndJudge(double[] human, double[] judge) {}

    HumanAndJudge humanAndJudge(String runId) {
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
        return new HumanAndJudge(
                human.stream().mapToDouble(Double::doubleValue).toArray(),
                judge.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Each model's answer on its first settled repeat of each case, keyed by [model, caseId]. */
    Map<List<String>, String> firstAnswers(String runId, List<String> models, List<String> caseIds) {
        var answers = new HashMap<List<String>, String>();
        jdbc.query(
                """
                SELECT DISTINCT ON (model, case_id) model, case_id, output FROM run_trial
                 WHERE run_id = :id AND model IN (:models) AND case_id IN (:caseIds) AND outcome IS NOT NULL
                 ORDER BY model, case_id, repeat""",
                new MapSqlParameterSource("id", runId)
                        .addValue("models", models)
                        .addValue("caseIds", caseIds),
                rs -> {
                    answers.put(List.of(rs.getString("model"), rs.getString("case_id")), rs.getString("output"));
                });
        return answers;
    }

    private <T> T read(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        String text = rs.getString(column);
        if (text == null) return null;
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " cannot be read", e);
        }
    }

    private static MapSqlParameterSource params(String id, Viewer viewer) {
        return new MapSqlParameterSource("id", id).addValue("viewer", viewer.ownerParam());
    }
}

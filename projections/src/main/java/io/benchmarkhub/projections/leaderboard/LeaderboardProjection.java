package io.benchmarkhub.projections.leaderboard;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The leaderboards read model (migrations V8, V16): the per-model results of each completed run requested in the
 * benchmark's canonical configuration, with what the run pinned and each case's mean (what public boards pool), and
 * the contamination flags. A run's rows are written once ({@code ON CONFLICT DO NOTHING}): its request and its
 * completion never change. A flag row changes with its benchmark's flag events, guarded by their sequence number;
 * so a redelivered event changes nothing.
 * A run's events stay in order on one segment, so its request row is there when its completion is applied (the
 * statements of one batch run in order in one transaction).
 */
@Component
@ProcessingGroup(LeaderboardProjection.NAME)
@ReadModel({"leaderboard_run", "leaderboard_result", "contamination_flag"})
public class LeaderboardProjection {

    public static final String NAME = "leaderboards";

    private static final String INSERT_RUN = """
            INSERT INTO leaderboard_run (run_id, benchmark_id, benchmark_version, content_hash, requested_by, case_count, case_weights)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS double precision[])) ON CONFLICT (run_id) DO NOTHING""";
    /** Only for a run whose request row is there, i.e. one requested in the canonical configuration. */
    private static final String INSERT_RESULT = """
            INSERT INTO leaderboard_result (run_id, model, benchmark_id, benchmark_version, content_hash, requested_by, simulated,
                                            case_count, score, score_low, score_high, pass_rate, cost_per_case_micros,
                                            latency_p95_ms, completed_at, case_means, scored, passed)
            SELECT r.run_id, ?, r.benchmark_id, r.benchmark_version, r.content_hash, r.requested_by, ?, r.case_count,
                   CAST(? AS double precision), CAST(? AS double precision), CAST(? AS double precision),
                   CAST(? AS double precision), ?, CAST(? AS double precision), ?, CAST(? AS double precision[]), ?, ?
              FROM leaderboard_run r WHERE r.run_id = ?
            ON CONFLICT (run_id, model) DO NOTHING""";
    /** A new flag, or a flag raised again after it was cleared (never over an open or dismissed one, never twice). */
    private static final String RAISE_FLAG = """
            INSERT INTO contamination_flag (benchmark_id, model, benchmark_version, observed, expected, sigma, z_score, n_cases,
                                            n_benchmarks_for_model, n_models_for_benchmark, raised_at, status, last_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)
            ON CONFLICT (benchmark_id, model) DO UPDATE SET
                benchmark_version = EXCLUDED.benchmark_version, observed = EXCLUDED.observed, expected = EXCLUDED.expected,
                sigma = EXCLUDED.sigma, z_score = EXCLUDED.z_score, n_cases = EXCLUDED.n_cases,
                n_benchmarks_for_model = EXCLUDED.n_benchmarks_for_model, n_models_for_benchmark = EXCLUDED.n_models_for_benchmark,
                raised_at = EXCLUDED.raised_at, status = 'OPEN', last_seq = EXCLUDED.last_seq, withdrawn_at = NULL,
                withdrawn_by = NULL, withdrawal_reason = NULL, cleared_observed = NULL, cleared_expected = NULL,
                cleared_sigma = NULL, cleared_z_score = NULL, cleared_n_cases = NULL, cleared_n_benchmarks_for_model = NULL,
                cleared_n_models_for_benchmark = NULL
             WHERE contamination_flag.status = 'CLEARED' AND contamination_flag.last_seq < EXCLUDED.last_seq""";

    private static final String CLEAR_FLAG = """
            UPDATE contamination_flag SET status = 'CLEARED', last_seq = ?, withdrawn_at = ?, cleared_observed = ?,
                   cleared_expected = ?, cleared_sigma = ?, cleared_z_score = ?, cleared_n_cases = ?,
                   cleared_n_benchmarks_for_model = ?, cleared_n_models_for_benchmark = ?
             WHERE benchmark_id = ? AND model = ? AND status = 'OPEN' AND last_seq < ?""";
    private static final String DISMISS_FLAG = """
            UPDATE contamination_flag SET status = 'DISMISSED', last_seq = ?, withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ?
             WHERE benchmark_id = ? AND model = ? AND status = 'OPEN' AND last_seq < ?""";

    /**
     * Published on this node after a completed run's scores are stored: the contamination policy listens. Not during a
     * replay: the table then holds only part of the history, and the policy must not withdraw a flag on that.
     */
    public record ScoresChanged(String runId) {}

    private final BatchedJdbc batch;
    private final ApplicationEventPublisher publisher;

    public LeaderboardProjection(BatchedJdbc batch, ApplicationEventPublisher publisher) {
        this.batch = batch;
        this.publisher = publisher;
    }

    /**
     * Only a run in the canonical configuration is kept: the others never reach a public board (ADR 0016). Nor does a run
     * of prompt variants: its candidates are model@variant, not models a board ranks.
     */
    @EventHandler
    void on(RunRequested e) {
        if (!e.canonical() || e.hasPromptVariants()) return;
        batch.update(
                INSERT_RUN,
                e.runId().value(),
                e.benchmarkId().value(),
                e.benchmarkVersion(),
                e.contentHash(),
                e.requestedBy().value(),
                e.caseIds().size(),
                weights(e));
    }

    /**
     * A model's result counts only with its per-case means and without a failed call: a failed call scores 0 in the
     * run, but on a public board it would let a caller's bad key, quota or network drag a model down.
     */
    @EventHandler
    void on(RunCompleted e, @Timestamp Instant at, ReplayStatus replay) {
        if (e.caseMeans() == null) return;
        for (ModelSummary s : e.summaries()) {
            List<Double> means = e.caseMeans().get(s.model());
            if (means == null || s.score() == null || s.failedCalls() > 0) continue;
            int passed = s.passRate() == null ? 0 : (int) Math.round(s.passRate() * s.scored());
            batch.update(
                    INSERT_RESULT,
                    s.model(),
                    s.simulated(),
                    s.score(),
                    s.scoreLow(),
                    s.scoreHigh(),
                    s.passRate(),
                    s.costPerCaseMicros(),
                    s.latencyP95Ms(),
                    utc(at),
                    array(means),
                    s.scored(),
                    passed,
                    e.runId().value());
        }
        if (!replay.isReplay())
            batch.afterCommit(
                    () -> publisher.publishEvent(new ScoresChanged(e.runId().value())));
    }

    /** The weight of each case in case-id order (the order of the case means); null when all weigh 1. */
    private static String weights(RunRequested e) {
        if (e.caseWeights() == null || e.caseWeights().isEmpty()) return null;
        return array(e.caseIds().stream()
                .sorted()
                .map(id -> e.caseWeights().getOrDefault(id, TestCase.DEFAULT_WEIGHT))
                .toList());
    }

    /** A PostgreSQL array literal; Java's shortest round-trip decimal reads back as the same double. */
    private static String array(List<Double> values) {
        return values.stream()
                .map(v -> v == null ? "NULL" : Double.toString(v))
                .collect(Collectors.joining(",", "{", "}"));
    }

    @EventHandler
    void on(ContaminationSuspected e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                RAISE_FLAG,
                e.benchmarkId().value(),
                e.model(),
                e.version(),
                e.observed(),
                e.expected(),
                e.sigma(),
                e.zScore(),
                e.nCases(),
                e.nBenchmarksForModel(),
                e.nModelsForBenchmark(),
                utc(at),
                seq);
    }

    @EventHandler
    void on(ContaminationCleared e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                CLEAR_FLAG,
                seq,
                utc(at),
                e.observed(),
                e.expected(),
                e.sigma(),
                e.zScore(),
                e.nCases(),
                e.nBenchmarksForModel(),
                e.nModelsForBenchmark(),
                e.benchmarkId().value(),
                e.model(),
                seq);
    }

    @EventHandler
    void on(ContaminationDismissed e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                DISMISS_FLAG,
                seq,
                utc(at),
                e.actorId().value(),
                e.reason(),
                e.benchmarkId().value(),
                e.model(),
                seq);
    }
}

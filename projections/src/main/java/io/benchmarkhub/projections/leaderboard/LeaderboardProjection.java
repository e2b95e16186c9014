package io.benchmarkhub.projections.leaderboard;

import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.benchmarkhub.projections.support.Json.utc;

/**
 * The leaderboards read model (migration V8): each completed run's per-model summaries with what the run pinned,
 * and the contamination flags. A run's rows are written once ({@code ON CONFLICT DO NOTHING}): its request and its
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
            INSERT INTO leaderboard_run (run_id, benchmark_id, benchmark_version, content_hash, requested_by, case_count)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING""";
    private static final String INSERT_RESULT = """
            INSERT INTO leaderboard_result (run_id, model, benchmark_id, benchmark_version, content_hash, requested_by, simulated,
                                            case_count, score, score_low, score_high, pass_rate, cost_per_case_micros,
                                            latency_p95_ms, completed_at)
            SELECT r.run_id, ?, r.benchmark_id, r.benchmark_version, r.content_hash, r.requested_by, ?, r.case_count,
                   CAST(? AS double precision), CAST(? AS double precision), CAST(? AS double precision),
                   CAST(? AS double precision), ?, CAST(? AS double precision), ?
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
    public record ScoresChanged(String runId) {
    }

    private final BatchedJdbc batch;
    private final ApplicationEventPublisher publisher;

    public LeaderboardProjection(BatchedJdbc batch, ApplicationEventPublisher publisher) {
        this.batch = batch;
        this.publisher = publisher;
    }

    @EventHandler
    void on(RunRequested e) {
        batch.update(INSERT_RUN, e.runId().value(), e.benchmarkId().value(), e.benchmarkVersion(), e.contentHash(),
                e.requestedBy().value(), e.caseIds().size());
    }

    @EventHandler
    void on(RunCompleted e, @Timestamp Instant at, ReplayStatus replay) {
        for (ModelSummary s : e.summaries()) {
            batch.update(INSERT_RESULT, s.model(), s.simulated(), s.score(), s.scoreLow(), s.scoreHigh(), s.passRate(),
                    s.costPerCaseMicros(), s.latencyP95Ms(), utc(at), e.runId().value());
        }
        if (!replay.isReplay()) batch.afterCommit(() -> publisher.publishEvent(new ScoresChanged(e.runId().value())));
    }

    @EventHandler
    void on(ContaminationSuspected e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(RAISE_FLAG, e.benchmarkId().value(), e.model(), e.version(), e.observed(), e.expected(), e.sigma(),
                e.zScore(), e.nCases(), e.nBenchmarksForModel(), e.nModelsForBenchmark(), utc(at), seq);
    }

    @EventHandler
    void on(ContaminationCleared e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(CLEAR_FLAG, seq, utc(at), e.observed(), e.expected(), e.sigma(), e.zScore(), e.nCases(),
                e.nBenchmarksForModel(), e.nModelsForBenchmark(), e.benchmarkId().value(), e.model(), seq);
    }

    @EventHandler
    void on(ContaminationDismissed e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(DISMISS_FLAG, seq, utc(at), e.actorId().value(), e.reason(), e.benchmarkId().value(), e.model(), seq);
    }
}

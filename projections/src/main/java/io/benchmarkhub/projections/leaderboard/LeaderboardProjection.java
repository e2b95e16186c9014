package io.benchmarkhub.projections.leaderboard;

import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.benchmarkhub.projections.support.Json.utc;

/**
 * The leaderboards read model (migration V8): each completed run's per-model summaries with what the run pinned,
 * and the contamination flags. Every row is written once ({@code ON CONFLICT DO NOTHING}): a run's request and its
 * completion never change, and a benchmark raises a flag once per model; so a redelivered event changes nothing.
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
    private static final String INSERT_FLAG = """
            INSERT INTO contamination_flag (benchmark_id, model, benchmark_version, observed, expected, sigma, z_score, n_cases,
                                            n_benchmarks_for_model, n_models_for_benchmark, raised_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (benchmark_id, model) DO NOTHING""";

    /** Published on this node after a completed run's scores are stored: the contamination policy listens. */
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
    void on(RunCompleted e, @Timestamp Instant at) {
        for (ModelSummary s : e.summaries()) {
            batch.update(INSERT_RESULT, s.model(), s.simulated(), s.score(), s.scoreLow(), s.scoreHigh(), s.passRate(),
                    s.costPerCaseMicros(), s.latencyP95Ms(), utc(at), e.runId().value());
        }
        batch.afterCommit(() -> publisher.publishEvent(new ScoresChanged(e.runId().value())));
    }

    @EventHandler
    void on(ContaminationSuspected e, @Timestamp Instant at) {
        batch.update(INSERT_FLAG, e.benchmarkId().value(), e.model(), e.version(), e.observed(), e.expected(), e.sigma(),
                e.zScore(), e.nCases(), e.nBenchmarksForModel(), e.nModelsForBenchmark(), utc(at));
    }
}

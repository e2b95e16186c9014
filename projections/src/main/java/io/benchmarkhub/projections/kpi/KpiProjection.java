package io.benchmarkhub.projections.kpi;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * The KPI read model (migration V9): facts only, each with its event's time; {@code domain/kpi/Kpis} computes the
 * figures. Every write is idempotent: inserts keyed by id that do nothing on conflict, a run's end set only while it
 * has none, a human grade replaced only by a later event of the run. So a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(KpiProjection.NAME)
@ReadModel({
    "kpi_run",
    "kpi_model_day",
    "kpi_public_benchmark",
    "kpi_fork",
    "kpi_verdict",
    "kpi_human_grade",
    "kpi_charge"
})
public class KpiProjection {

    public static final String NAME = "kpis";

    private final BatchedJdbc batch;

    public KpiProjection(BatchedJdbc batch) {
        this.batch = batch;
    }

    @EventHandler
    void on(RunRequested e, @Timestamp Instant at) {
        batch.update(
                "INSERT INTO kpi_run (run_id, requested_by, requested_at) VALUES (?, ?, ?) ON CONFLICT (run_id) DO NOTHING",
                e.runId().value(),
                e.requestedBy().value(),
                utc(at));
    }

    @EventHandler
    void on(ModelCallFailed e) {
        batch.update(
                "UPDATE kpi_run SET had_call_failure = TRUE WHERE run_id = ?",
                e.runId().value());
    }

    @EventHandler
    void on(ModelResponseRecorded e, @Timestamp Instant at) {
        if (e.simulated()) return;
        batch.update(
                "INSERT INTO kpi_model_day (model, day) VALUES (?, ?) ON CONFLICT (day, model) DO NOTHING",
                e.model(),
                utc(at.truncatedTo(ChronoUnit.DAYS)));
    }

    @EventHandler
    void on(RunCompleted e, @Timestamp Instant at) {
        ended(e.runId(), "COMPLETED", at);
    }

    @EventHandler
    void on(RunFailed e, @Timestamp Instant at) {
        ended(e.runId(), "FAILED", at);
    }

    @EventHandler
    void on(RunCancelled e, @Timestamp Instant at) {
        ended(e.runId(), "CANCELLED", at);
    }

    @EventHandler
    void on(RunTimedOut e, @Timestamp Instant at) {
        ended(e.runId(), "TIMED_OUT", at);
    }

    @EventHandler
    void on(JudgeVerdictRecorded e) {
        if (e.score() == null) return;
        batch.update(
                """
                INSERT INTO kpi_verdict (run_id, case_id, model, repeat, grader_index, judge_model, score) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", e.runId().value(), e.caseId(), e.model(), e.repeat(), e.graderIndex(), e.judgeModel(), e.score());
    }

    @EventHandler
    void on(HumanGradeRecorded e, @Timestamp Instant at, @SequenceNumber long seq) {
        // INSERT … SELECT: the driver would fold a VALUES batch into one statement, which cannot update one row twice
        batch.update("""
                INSERT INTO kpi_human_grade (run_id, case_id, model, graded_by, score, graded_at, seq) SELECT ?, ?, ?, ?, ?, ?, ?
                ON CONFLICT (run_id, case_id, model, graded_by) DO UPDATE
                   SET score = EXCLUDED.score, graded_at = EXCLUDED.graded_at, seq = EXCLUDED.seq
                 WHERE kpi_human_grade.seq < EXCLUDED.seq""", e.runId().value(), e.caseId(), e.model(), e.gradedBy().value(), e.score(), utc(at), seq);
    }

    @EventHandler
    void on(BenchmarkCreated e, @Timestamp Instant at) {
        if (e.visibility() == Visibility.PUBLIC) becamePublic(e.benchmarkId().value(), at);
    }

    @EventHandler
    void on(BenchmarkForked e, @Timestamp Instant at) {
        batch.update(
                "INSERT INTO kpi_fork (fork_id, source_id, forked_at) VALUES (?, ?, ?) ON CONFLICT (fork_id) DO NOTHING",
                e.benchmarkId().value(),
                e.sourceId().value(),
                utc(at));
        if (e.visibility() == Visibility.PUBLIC) becamePublic(e.benchmarkId().value(), at);
    }

    @EventHandler
    void on(BenchmarkPublished e, @Timestamp Instant at) {
        becamePublic(e.benchmarkId().value(), at);
    }

    @EventHandler
    void on(CreditsCharged e, @Timestamp Instant at) {
        long usdMinor = e.lots().stream()
                .filter(l -> "usd".equalsIgnoreCase(l.currency()))
                .mapToLong(LotUse::amountMinor)
                .sum();
        batch.update("""
                INSERT INTO kpi_charge (run_id, charged_at, api_cost_micros, usd_revenue_minor) VALUES (?, ?, ?, ?)
                ON CONFLICT (run_id) DO NOTHING""", e.runId().value(), utc(at), e.apiCostMicros(), usdMinor);
    }

    private void ended(RunId run, String status, Instant at) {
        batch.update(
                "UPDATE kpi_run SET ended_at = ?, end_status = ? WHERE run_id = ? AND ended_at IS NULL",
                utc(at),
                status,
                run.value());
    }

    /** The first time wins: a benchmark's events arrive in order, and a later publication after an unpublish is no new one. */
    private void becamePublic(String benchmarkId, Instant at) {
        batch.update(
                "INSERT INTO kpi_public_benchmark (benchmark_id, public_since) VALUES (?, ?) ON CONFLICT (benchmark_id) DO NOTHING",
                benchmarkId,
                utc(at));
    }
}

package io.benchmarkhub.projections.run;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.run.FailureModeCheck;
import io.benchmarkhub.domain.run.events.FailureModeTagged;
import io.benchmarkhub.domain.run.events.GradeRecorded;
import io.benchmarkhub.domain.run.events.HumanGradeRecorded;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunResumed;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.run.events.RunSuspended;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.Json;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * The runs read model: {@code run} (one row per run), {@code run_trial}, {@code run_verdict} and
 * {@code run_human_grade} (migration V6), and {@code failure_mode_tag}, one row per tag of a known failure mode (V28_16; it
 * is written here because the tag is an event of the run, and one projection per processing group keeps rebuilds whole). Idempotent without counters: the run row applies each
 * run-level event once ({@code last_seq}); trial, verdict and grade rows are upserts keyed by the
 * trial (and judge, or grader), and each event writes only its own columns, so a redelivered event
 * writes the same values again. Progress and statistics are computed when read.
 * <p>
 * A trial's answer and its grades are two events, usually in one batch (the executor records them in one unit of
 * work): then the answer's insert carries the grades and the grade event writes nothing, one statement instead of an
 * insert and an update of the same row. Split across batches, each writes its own columns as usual.
 */
@Component
@ProcessingGroup(RunProjection.NAME)
@ReadModel({"run", "run_trial", "run_verdict", "run_human_grade", "failure_mode_tag"})
public class RunProjection {

    public static final String NAME = "runs";

    private static final String INSERT_RUN = """
            INSERT INTO run (id, benchmark_id, benchmark_version, content_hash, requested_by, status, models, simulated_models,
                             repeats, billing, params, case_ids, graders, judge_panels, decision_criteria, trigger,
                             timeout_seconds, trial_count, requested_at, last_seq, case_weights, workspace_id)
            VALUES (?, ?, ?, ?, ?, 'REQUESTED', CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, CAST(? AS jsonb), CAST(? AS jsonb),
                    CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
            ON CONFLICT (id) DO NOTHING""";
    /**
     * An answer and a failed call share one statement, so a run of either kind goes out as one JDBC batch (which the
     * driver folds into multi-row inserts). A trial is settled once (the aggregate skips repeats), so no batch holds
     * one key twice; the same holds for grades and verdicts.
     */
    private static final String SETTLE_TRIAL = """
            INSERT INTO run_trial (run_id, model, case_id, repeat, outcome, output, latency_ms, prompt_tokens, completion_tokens,
                                   cost_micros, generation_id, simulated, attempts, failure_kind, failure_reason, http_status, settled_at,
                                   grades)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (run_id, model, case_id, repeat) DO UPDATE SET
                grades = COALESCE(EXCLUDED.grades, run_trial.grades),
                outcome = EXCLUDED.outcome, output = EXCLUDED.output, latency_ms = EXCLUDED.latency_ms,
                prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
                cost_micros = EXCLUDED.cost_micros, generation_id = EXCLUDED.generation_id, simulated = EXCLUDED.simulated,
                attempts = EXCLUDED.attempts, failure_kind = EXCLUDED.failure_kind, failure_reason = EXCLUDED.failure_reason,
                http_status = EXCLUDED.http_status, settled_at = EXCLUDED.settled_at""";

    private static final String GRADE_TRIAL = """
            INSERT INTO run_trial (run_id, model, case_id, repeat, grades) VALUES (?, ?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (run_id, model, case_id, repeat) DO UPDATE SET grades = EXCLUDED.grades""";
    private static final String RECORD_VERDICT = """
            INSERT INTO run_verdict (run_id, model, case_id, repeat, grader_index, judge_model, score, rationale, failure,
                                     self_preference, cost_micros, generation_id, attempts, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, model, case_id, repeat, grader_index, judge_model) DO UPDATE SET
                score = EXCLUDED.score, rationale = EXCLUDED.rationale, failure = EXCLUDED.failure,
                self_preference = EXCLUDED.self_preference, cost_micros = EXCLUDED.cost_micros,
                generation_id = EXCLUDED.generation_id, attempts = EXCLUDED.attempts, recorded_at = EXCLUDED.recorded_at""";
    /**
     * A later grade by the same person replaces theirs; an older one delivered again does not. Unlike a trial or a
     * verdict, one batch may hold two grades with the same key (a regrade), and the driver would fold a VALUES
     * insert batch into one multi-row statement, which cannot update a row twice; INSERT ... SELECT is not folded.
     */
    private static final String RECORD_HUMAN_GRADE = """
            INSERT INTO run_human_grade (run_id, model, case_id, graded_by, score, comment, graded_at, seq)
            SELECT ?, ?, ?, ?, ?, CAST(? AS text), ?, ?
            ON CONFLICT (run_id, model, case_id, graded_by) DO UPDATE SET
                score = EXCLUDED.score, comment = EXCLUDED.comment, graded_at = EXCLUDED.graded_at, seq = EXCLUDED.seq
            WHERE run_human_grade.seq < EXCLUDED.seq""";

    private static final String TAG_FAILURE_MODE = """
            INSERT INTO failure_mode_tag (run_id, seq, benchmark_id, name, name_key, note, case_ids, model, tagged_by, tagged_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS text), CAST(? AS jsonb), CAST(? AS text), ?, ?)
            ON CONFLICT (run_id, seq) DO NOTHING""";

    private final BatchedJdbc batch;
    private final Json json;

    public RunProjection(BatchedJdbc batch, Json json) {
        this.batch = batch;
        this.json = json;
    }

    @EventHandler
    void on(RunRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                INSERT_RUN,
                e.runId().value(),
                e.benchmarkId().value(),
                e.benchmarkVersion(),
                e.contentHash(),
                e.requestedBy().value(),
                json.of(e.candidates()),
                json.of(e.simulatedCandidates()),
                e.repeats(),
                e.billing().name(),
                json.of(e.params()),
                json.of(orEmpty(e.caseIds())),
                json.ofGraders(orEmpty(e.graders())),
                json.of(orEmpty(e.judgePanels())),
                json.of(orEmpty(e.decisionCriteria())),
                e.trigger(),
                e.timeoutSeconds(),
                e.trialCount(),
                utc(at),
                seq,
                json.of(e.caseWeights() == null ? Map.of() : e.caseWeights()),
                e.workspaceId());
    }

    @EventHandler
    void on(RunStarted e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.updateOnce("run", e.runId().value(), seq, "status = 'RUNNING', started_at = ?", utc(at));
    }

    @EventHandler
    void on(ModelResponseRecorded e, @Timestamp Instant at) {
        batch.update(
                SETTLE_TRIAL,
                e.runId().value(),
                e.model(),
                e.caseId(),
                e.repeat(),
                "ANSWERED",
                e.output(),
                e.latencyMs(),
                e.promptTokens(),
                e.completionTokens(),
                e.costMicros(),
                e.generationId(),
                e.simulated(),
                e.attempts(),
                null,
                null,
                null,
                utc(at),
                gradesInBatch(new Trial(e.runId().value(), e.model(), e.caseId(), e.repeat())));
    }

    @EventHandler
    void on(ModelCallFailed e, @Timestamp Instant at) {
        batch.update(
                SETTLE_TRIAL,
                e.runId().value(),
                e.model(),
                e.caseId(),
                e.repeat(),
                "FAILED",
                null,
                null,
                null,
                null,
                0L,
                null,
                null,
                e.attempts(),
                e.kind(),
                e.reason(),
                e.httpStatus(),
                utc(at),
                gradesInBatch(new Trial(e.runId().value(), e.model(), e.caseId(), e.repeat())));
    }

    @EventHandler
    void on(GradeRecorded e) {
        if (batchTrials().settled().contains(new Trial(e.runId().value(), e.model(), e.caseId(), e.repeat())))
            return; // its answer carries it
        batch.update(GRADE_TRIAL, e.runId().value(), e.model(), e.caseId(), e.repeat(), json.of(e.results()));
    }

    private record Trial(String runId, String model, String caseId, int repeat) {}

    /** The trials settled (answered or failed) in the batch being handled, and the grades recorded in it. */
    private record BatchTrials(Set<Trial> settled, Map<Trial, GradeRecorded> grades) {
        static final BatchTrials NONE = new BatchTrials(Set.of(), Map.of());
    }

    /** The trial's grades as JSON when they are recorded in the same batch, else null (its grade event writes them). */
    private String gradesInBatch(Trial trial) {
        GradeRecorded grade = batchTrials().grades().get(trial);
        return grade == null ? null : json.of(grade.results());
    }

    private static BatchTrials batchTrials() {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch))
            return BatchTrials.NONE;
        return batch.getOrComputeResource(BatchTrials.class.getName(), key -> {
            var trials = new BatchTrials(new HashSet<>(), new HashMap<>());
            for (Message<?> message : batch.getMessages()) {
                if (!(message instanceof EventMessage<?> event)) continue;
                Class<?> type =
                        event.getPayloadType(); // from the stored type name: no payload is deserialized for this
                if (type == ModelResponseRecorded.class && event.getPayload() instanceof ModelResponseRecorded r) {
                    trials.settled().add(new Trial(r.runId().value(), r.model(), r.caseId(), r.repeat()));
                } else if (type == ModelCallFailed.class && event.getPayload() instanceof ModelCallFailed f) {
                    trials.settled().add(new Trial(f.runId().value(), f.model(), f.caseId(), f.repeat()));
                } else if (type == GradeRecorded.class && event.getPayload() instanceof GradeRecorded g) {
                    trials.grades().put(new Trial(g.runId().value(), g.model(), g.caseId(), g.repeat()), g);
                }
            }
            return trials;
        });
    }

    @EventHandler
    void on(JudgeVerdictRecorded e, @Timestamp Instant at) {
        batch.update(
                RECORD_VERDICT,
                e.runId().value(),
                e.model(),
                e.caseId(),
                e.repeat(),
                e.graderIndex(),
                e.judgeModel(),
                e.score(),
                e.rationale(),
                e.failure(),
                e.selfPreference(),
                e.costMicros(),
                e.generationId(),
                e.attempts(),
                utc(at));
    }

    @EventHandler
    void on(HumanGradeRecorded e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                RECORD_HUMAN_GRADE,
                e.runId().value(),
                e.model(),
                e.caseId(),
                e.gradedBy().value(),
                e.score(),
                e.comment(),
                utc(at),
                seq);
    }

    @EventHandler
    void on(FailureModeTagged e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                TAG_FAILURE_MODE,
                e.runId().value(),
                seq,
                e.benchmarkId().value(),
                e.name(),
                FailureModeCheck.key(e.name()),
                e.note(),
                json.of(e.caseIds()),
                e.model(),
                e.taggedBy().value(),
                utc(at));
    }

    @EventHandler
    void on(RunCompleted e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.updateOnce(
                "run",
                e.runId().value(),
                seq,
                "status = 'COMPLETED', finished_at = ?, summaries = CAST(? AS jsonb), judge_agreement = ?",
                utc(at),
                json.of(e.summaries()),
                e.judgeAgreement());
    }

    @EventHandler
    void on(RunFailed e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.updateOnce(
                "run",
                e.runId().value(),
                seq,
                "status = 'FAILED', finished_at = ?, failure_reason = ?",
                utc(at),
                e.reason());
    }

    @EventHandler
    void on(RunCancelled e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.updateOnce(
                "run",
                e.runId().value(),
                seq,
                "status = 'CANCELLED', finished_at = ?, cancelled_by = ?",
                utc(at),
                e.cancelledBy() == null ? null : e.cancelledBy().value());
    }

    @EventHandler
    void on(RunSuspended e, @SequenceNumber long seq) {
        batch.updateOnce("run", e.runId().value(), seq, "status = 'SUSPENDED', suspended_reason = ?", e.reason());
    }

    /** Back to where it was when it was suspended: running, or requested if it had not started. */
    @EventHandler
    void on(RunResumed e, @SequenceNumber long seq) {
        batch.updateOnce(
                "run",
                e.runId().value(),
                seq,
                "status = CASE WHEN started_at IS NULL THEN 'REQUESTED' ELSE 'RUNNING' END, suspended_reason = NULL");
    }

    @EventHandler
    void on(RunTimedOut e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.updateOnce(
                "run",
                e.runId().value(),
                seq,
                "status = 'TIMED_OUT', finished_at = ?, failure_reason = ?",
                utc(at),
                "the run did not finish within " + e.timeoutSeconds() + " seconds");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}

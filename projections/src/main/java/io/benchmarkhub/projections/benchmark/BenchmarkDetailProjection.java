package io.benchmarkhub.projections.benchmark;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerificationRevoked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerified;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.PromptVariantsChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.benchmark.events.VerificationRequested;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.support.BatchRuns;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.Json;
import io.benchmarkhub.projections.support.ReadModel;
import io.benchmarkhub.projections.support.ReadModelUpdated;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The benchmark detail read model: the current state ({@code benchmark}), every version's
 * details ({@code benchmark_version}) and every case in the versions it existed in
 * ({@code benchmark_case}). Idempotent: the current row remembers the aggregate sequence number
 * it last applied, and every statement is guarded by it or keyed so a repeat changes nothing.
 */
@Component
@ProcessingGroup(BenchmarkDetailProjection.NAME)
@ReadModel({"benchmark", "benchmark_case", "benchmark_version"})
public class BenchmarkDetailProjection {

    public static final String NAME = "benchmark-detail";
    /** Ordinals leave room for a whole create (≤ 10,000 cases) per aggregate sequence number. */
    private static final long ORDINALS_PER_EVENT = 20_000;

    private static final String BENCHMARK_COLUMNS = """
            id, owner_id, workspace_id, title, description, tags, category, visibility, version, content_hash,
            prompt_template, graders, decision_criteria, case_count, forked_from_id, forked_from_version,
            created_at, updated_at, last_seq""";
    private static final String INSERT_CASE = """
            INSERT INTO benchmark_case (benchmark_id, case_id, valid_from, ordinal, input, expected, tags, metadata, weight, graders)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, CAST(? AS jsonb))
            ON CONFLICT DO NOTHING""";
    /** The revised case as a new row from {@code valid_from = version}, keeping the old row's position. */
    private static final String INSERT_REVISED_CASE = """
            INSERT INTO benchmark_case (benchmark_id, case_id, valid_from, ordinal, input, expected, tags, metadata, weight, graders)
            SELECT benchmark_id, case_id, ?, ordinal, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, CAST(? AS jsonb)
              FROM benchmark_case
             WHERE benchmark_id = ? AND case_id = ? AND valid_to IS NULL AND valid_from < ?
            ON CONFLICT DO NOTHING""";

    private static final String CLOSE_CASE = """
            UPDATE benchmark_case SET valid_to = ?
             WHERE benchmark_id = ? AND case_id = ? AND valid_to IS NULL AND valid_from < ?""";
    /**
     * Copies the row a CTE {@code b} returns into the version table. {@code b} returns a row only
     * when the event was applied just now, so a redelivered event writes no version either.
     * Parameters: changed_by, changed_at, the event's name.
     */
    private static final String RECORD_VERSION_FROM_B = """
            INSERT INTO benchmark_version (benchmark_id, version, title, description, tags, category, visibility, content_hash,
                                           prompt_template, prompt_variants, graders, decision_criteria, case_count, changed_by,
                                           changed_at, changes)
            SELECT id, version, title, description, tags, category, visibility, content_hash,
                   prompt_template, prompt_variants, graders, decision_criteria, case_count, ?, ?, jsonb_build_array(?::text)
              FROM b
            ON CONFLICT (benchmark_id, version) DO UPDATE SET
                title = EXCLUDED.title, description = EXCLUDED.description, tags = EXCLUDED.tags,
                category = EXCLUDED.category, visibility = EXCLUDED.visibility, content_hash = EXCLUDED.content_hash,
                prompt_template = EXCLUDED.prompt_template, prompt_variants = EXCLUDED.prompt_variants, graders = EXCLUDED.graders,
                decision_criteria = EXCLUDED.decision_criteria, case_count = EXCLUDED.case_count,
                changes = CASE WHEN benchmark_version.changes @> EXCLUDED.changes THEN benchmark_version.changes
                               ELSE benchmark_version.changes || EXCLUDED.changes END""";

    private static final String CREATE_BENCHMARK = """
            WITH b AS (
                INSERT INTO benchmark (%s)
                VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                RETURNING *)
            %s""".formatted(BENCHMARK_COLUMNS, RECORD_VERSION_FROM_B);

    private final BatchedJdbc batch;
    private final Json json;
    private final ApplicationEventPublisher publisher;

    public BenchmarkDetailProjection(BatchedJdbc batch, Json json, ApplicationEventPublisher publisher) {
        this.batch = batch;
        this.json = json;
        this.publisher = publisher;
    }

    @EventHandler
    void on(BenchmarkCreated e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                CREATE_BENCHMARK,
                e.benchmarkId().value(),
                e.ownerId().value(),
                e.workspaceId(),
                e.title(),
                e.description(),
                json.of(e.tags()),
                e.category(),
                e.visibility().name(),
                e.version(),
                e.contentHash(),
                e.promptTemplate(),
                json.ofGraders(e.graders()),
                json.of(e.decisionCriteria()),
                e.cases().size(),
                null,
                null,
                utc(at),
                utc(at),
                seq,
                e.ownerId().value(),
                utc(at),
                e.getClass().getSimpleName());
        insertCases(e.benchmarkId(), e.cases(), e.version(), seq);
        signal(e, seq);
    }

    @EventHandler
    void on(BenchmarkForked e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                CREATE_BENCHMARK,
                e.benchmarkId().value(),
                e.ownerId().value(),
                null,
                e.title(),
                e.description(),
                json.of(e.tags()),
                e.category(),
                e.visibility().name(),
                e.version(),
                e.contentHash(),
                e.promptTemplate(),
                json.ofGraders(e.graders()),
                json.of(e.decisionCriteria()),
                e.cases().size(),
                e.sourceId().value(),
                e.sourceVersion(),
                utc(at),
                utc(at),
                seq,
                e.ownerId().value(),
                utc(at),
                e.getClass().getSimpleName());
        insertCases(e.benchmarkId(), e.cases(), e.version(), seq);
        signal(e, seq);
    }

    @EventHandler
    void on(BenchmarkDetailsChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(
                e,
                e.actorId(),
                seq,
                at,
                "",
                "title = ?, description = ?, tags = CAST(? AS jsonb), category = ?",
                e.title(),
                e.description(),
                json.of(e.tags()),
                e.category());
    }

    @EventHandler
    void on(PromptTemplateChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(
                e,
                e.actorId(),
                seq,
                at,
                "",
                "prompt_template = ?, content_hash = ?",
                e.promptTemplate(),
                e.contentHash());
    }

    /** With variants, the template is the first one's; without, it stays what it was. */
    @EventHandler
    void on(PromptVariantsChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        boolean none = e.variants() == null || e.variants().isEmpty();
        apply(
                e,
                e.actorId(),
                seq,
                at,
                "",
                "prompt_template = COALESCE(?, prompt_template), prompt_variants = CAST(? AS jsonb), content_hash = ?",
                none ? null : e.variants().getFirst().template(),
                none ? null : json.of(e.variants()),
                e.contentHash());
    }

    /**
     * Every case is inserted; the benchmark row and its version row are written once per run of additions to one
     * version in the batch (a request adding 100 cases is 100 events), by the run's last event, counting the run's
     * events that the row has not applied yet ({@link BatchRuns}).
     */
    @EventHandler
    void on(TestCaseAdded e, @SequenceNumber long seq, @Timestamp Instant at) {
        TestCase c = e.testCase();
        batch.update(
                INSERT_CASE,
                e.benchmarkId().value(),
                c.id(),
                e.version(),
                seq * ORDINALS_PER_EVENT,
                json.of(c.input()),
                json.of(c.expected()),
                json.of(c.tags()),
                json.of(c.metadata()),
                c.weightOrDefault(),
                caseGraders(c));
        BatchRuns.Run run = BatchRuns.current(NAME, seq, at, BenchmarkDetailProjection::addToOneVersion);
        if (!run.endsHere()) {
            signal(e, seq);
            return;
        }
        // a new version row records its first event's time, as it would have been recorded by that event
        apply(
                e,
                e.actorId(),
                seq,
                at,
                run.firstTimestamp(),
                "",
                "case_count = case_count + (? - GREATEST(last_seq, ?)), content_hash = ?",
                seq,
                run.firstSequence() - 1,
                e.contentHash());
    }

    private static boolean addToOneVersion(DomainEventMessage<?> first, DomainEventMessage<?> next) {
        return first.getPayload() instanceof TestCaseAdded a
                && next.getPayload() instanceof TestCaseAdded b
                && a.version() == b.version();
    }

    @EventHandler
    void on(TestCaseRevised e, @SequenceNumber long seq, @Timestamp Instant at) {
        TestCase c = e.testCase();
        // both case statements see the rows as they were: the new row copies the old one's position, and only the old
        // row is closed
        apply(
                e,
                e.actorId(),
                seq,
                at,
                "n AS (" + INSERT_REVISED_CASE + "), o AS (" + CLOSE_CASE + "), ",
                "content_hash = ?",
                e.version(),
                json.of(c.input()),
                json.of(c.expected()),
                json.of(c.tags()),
                json.of(c.metadata()),
                c.weightOrDefault(),
                caseGraders(c),
                e.benchmarkId().value(),
                c.id(),
                e.version(),
                e.version(),
                e.benchmarkId().value(),
                c.id(),
                e.version(),
                e.contentHash());
    }

    @EventHandler
    void on(TestCaseRemoved e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(
                e,
                e.actorId(),
                seq,
                at,
                "o AS (" + CLOSE_CASE + "), ",
                "case_count = case_count - 1, content_hash = ?",
                e.version(),
                e.benchmarkId().value(),
                e.caseId(),
                e.version(),
                e.contentHash());
    }

    @EventHandler
    void on(GradingChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(
                e,
                e.actorId(),
                seq,
                at,
                "",
                "graders = CAST(? AS jsonb), content_hash = ?",
                json.ofGraders(e.graders()),
                e.contentHash());
    }

    @EventHandler
    void on(DecisionCriteriaChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(e, e.actorId(), seq, at, "", "decision_criteria = CAST(? AS jsonb)", json.of(e.decisionCriteria()));
    }

    @EventHandler
    void on(BenchmarkPublished e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(e, e.actorId(), seq, at, "", "visibility = 'PUBLIC'");
    }

    @EventHandler
    void on(BenchmarkUnpublished e, @SequenceNumber long seq, @Timestamp Instant at) {
        apply(e, e.actorId(), seq, at, "", "visibility = 'PRIVATE'");
    }

    /** A case's own graders as JSON; SQL NULL when it has none. */
    private String caseGraders(TestCase c) {
        return c.graders() == null ? null : json.ofGraders(c.graders());
    }

    private void insertCases(BenchmarkId id, List<TestCase> cases, long version, long seq) {
        for (int i = 0; i < cases.size(); i++) {
            TestCase c = cases.get(i);
            batch.update(
                    INSERT_CASE,
                    id.value(),
                    c.id(),
                    version,
                    seq * ORDINALS_PER_EVENT + i,
                    json.of(c.input()),
                    json.of(c.expected()),
                    json.of(c.tags()),
                    json.of(c.metadata()),
                    c.weightOrDefault(),
                    caseGraders(c));
        }
    }

    /**
     * One statement per event, so a run of events of one kind (e.g. the cases of an import) goes
     * out as one JDBC batch: {@code WITH <ctes> b AS (UPDATE benchmark ... RETURNING *)} followed by
     * the version record. The update is guarded by {@code last_seq}, so a redelivered event changes
     * nothing; {@code ctes} are further writes of the same event, whose parameters come first.
     */
    private void apply(
            BenchmarkEvent e, UserId actor, long seq, Instant at, String ctes, String assignments, Object... values) {
        apply(e, actor, seq, at, at, ctes, assignments, values);
    }

    /** As above; a version row that does not exist yet is recorded as changed at {@code versionAt}. */
    private void apply(
            BenchmarkEvent e,
            UserId actor,
            long seq,
            Instant at,
            Instant versionAt,
            String ctes,
            String assignments,
            Object... values) {
        String sql = "WITH " + ctes + "b AS (UPDATE benchmark SET " + assignments
                + ", version = ?, updated_at = ?, last_seq = ? WHERE id = ? AND last_seq < ? RETURNING *) "
                + RECORD_VERSION_FROM_B;
        Object[] args = Arrays.copyOf(values, values.length + 8);
        int i = values.length;
        args[i++] = e.version();
        args[i++] = utc(at);
        args[i++] = seq;
        args[i++] = e.benchmarkId().value();
        args[i++] = seq;
        args[i++] = actor.value();
        args[i++] = utc(versionAt);
        args[i] = e.getClass().getSimpleName();
        batch.update(sql, args);
        signal(e, seq);
    }

    /**
     * A flag changes nothing stored here (the detail view reads the leaderboards' flag table), but the row must count
     * it as applied: a write waits for the benchmark's last stored event, and that may be this one.
     */
    @EventHandler
    void on(ContaminationSuspected e, @SequenceNumber long seq) {
        applied(e, seq);
    }

    @EventHandler
    void on(ContaminationCleared e, @SequenceNumber long seq) {
        applied(e, seq);
    }

    @EventHandler
    void on(ContaminationDismissed e, @SequenceNumber long seq) {
        applied(e, seq);
    }

    private void applied(BenchmarkEvent e, long seq) {
        batch.update(
                "UPDATE benchmark SET last_seq = ? WHERE id = ? AND last_seq < ?",
                seq,
                e.benchmarkId().value(),
                seq);
        signal(e, seq);
    }

    /** Not an edit: no version row, only the current state's verification. */
    @EventHandler
    void on(VerificationRequested e, @SequenceNumber long seq, @Timestamp Instant at) {
        verification(
                e,
                seq,
                at,
                "verification_licence = ?, verification_source_url = ?, verification_revoked_reason = NULL",
                "REQUESTED",
                e.licence(),
                e.sourceUrl());
    }

    @EventHandler
    void on(BenchmarkVerified e, @SequenceNumber long seq, @Timestamp Instant at) {
        verification(
                e,
                seq,
                at,
                "verification_licence = ?, verification_source_url = ?, verification_revoked_reason = NULL",
                "VERIFIED",
                e.licence(),
                e.sourceUrl());
    }

    /** Keeps the licence and source that were approved; the owner may ask again. */
    @EventHandler
    void on(BenchmarkVerificationRevoked e, @SequenceNumber long seq, @Timestamp Instant at) {
        verification(e, seq, at, "verification_revoked_reason = ?", "REVOKED", e.reason());
    }

    private void verification(
            BenchmarkEvent e, long seq, Instant at, String assignments, String status, Object... values) {
        Object[] args = new Object[values.length + 2];
        args[0] = status;
        args[1] = utc(at);
        System.arraycopy(values, 0, args, 2, values.length);
        batch.updateOnce(
                "benchmark",
                e.benchmarkId().value(),
                seq,
                "verification_status = ?, verification_changed_at = ?, " + assignments,
                args);
        signal(e, seq);
    }

    /** Tells this node's waiting writes (after commit) that the benchmark's events up to {@code seq} can be read. */
    private void signal(BenchmarkEvent e, long seq) {
        String id = e.benchmarkId().value();
        batch.afterCommit(() -> publisher.publishEvent(new ReadModelUpdated(NAME, id, seq)));
    }
}

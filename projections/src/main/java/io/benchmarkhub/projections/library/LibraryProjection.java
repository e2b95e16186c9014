package io.benchmarkhub.projections.library;

import static io.benchmarkhub.projections.support.Json.utc;

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
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.projections.support.BatchRuns;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.Json;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import java.util.Arrays;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * The library table: one row per benchmark with what a listing shows and filters on
 * (the Elasticsearch index of {@code library.search.LibrarySearchProjection} is fed from the same events);
 * PostgreSQL derives its full-text document ({@code search_document}, migration V4) from the row.
 * Idempotent through {@code last_seq}, like the detail projection.
 */
@Component
@ProcessingGroup(LibraryProjection.NAME)
@ReadModel({"library_entry"})
public class LibraryProjection {

    public static final String NAME = "library";

    private static final String INSERT = """
            INSERT INTO library_entry (id, title, description, tags, category, owner_id, visibility, case_count,
                                       case_sample, created_at, updated_at, last_seq, workspace_id)
            VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";

    private final BatchedJdbc batch;
    private final Json json;

    public LibraryProjection(BatchedJdbc batch, Json json) {
        this.batch = batch;
        this.json = json;
    }

    @EventHandler
    void on(BenchmarkCreated e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                INSERT,
                e.benchmarkId().value(),
                e.title(),
                e.description(),
                json.of(e.tags()),
                e.category(),
                e.ownerId().value(),
                e.visibility().name(),
                e.cases().size(),
                CaseSample.of(e.cases()),
                utc(at),
                utc(at),
                seq,
                e.workspaceId());
    }

    @EventHandler
    void on(BenchmarkForked e, @SequenceNumber long seq, @Timestamp Instant at) {
        batch.update(
                INSERT,
                e.benchmarkId().value(),
                e.title(),
                e.description(),
                json.of(e.tags()),
                e.category(),
                e.ownerId().value(),
                e.visibility().name(),
                e.cases().size(),
                CaseSample.of(e.cases()),
                utc(at),
                utc(at),
                seq,
                null);
    }

    @EventHandler
    void on(BenchmarkDetailsChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(
                e,
                seq,
                at,
                "title = ?, description = ?, tags = CAST(? AS jsonb), category = ?",
                e.title(),
                e.description(),
                json.of(e.tags()),
                e.category());
    }

    /** Once per run of additions in the batch, by its last event, for the run's events not applied yet ({@link BatchRuns}). */
    @EventHandler
    void on(TestCaseAdded e, @SequenceNumber long seq, @Timestamp Instant at) {
        BatchRuns.Run run = BatchRuns.current(
                NAME,
                seq,
                at,
                (first, next) ->
                        first.getPayload() instanceof TestCaseAdded && next.getPayload() instanceof TestCaseAdded);
        if (run.endsHere())
            update(e, seq, at, "case_count = case_count + (? - GREATEST(last_seq, ?))", seq, run.firstSequence() - 1);
    }

    @EventHandler
    void on(TestCaseRemoved e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, "case_count = case_count - 1");
    }

    @EventHandler
    void on(TestCaseRevised e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, null);
    }

    @EventHandler
    void on(PromptTemplateChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, null);
    }

    @EventHandler
    void on(GradingChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, null);
    }

    @EventHandler
    void on(DecisionCriteriaChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, null);
    }

    @EventHandler
    void on(BenchmarkPublished e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, "visibility = 'PUBLIC'");
    }

    @EventHandler
    void on(BenchmarkUnpublished e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, at, "visibility = 'PRIVATE'");
    }

    /** The badge is not a change of content, so it leaves {@code updated_at} (the "recent" sort) alone. */
    @EventHandler
    void on(BenchmarkVerified e, @SequenceNumber long seq) {
        batch.updateOnce("library_entry", e.benchmarkId().value(), seq, "verified = TRUE");
    }

    /** The badge taken away; like granting it, no change of content. */
    @EventHandler
    void on(BenchmarkVerificationRevoked e, @SequenceNumber long seq) {
        batch.updateOnce("library_entry", e.benchmarkId().value(), seq, "verified = FALSE");
    }

    /** An open flag: the model joins {@code flagged_models}, kept sorted. Not a change of content either. */
    @EventHandler
    void on(ContaminationSuspected e, @SequenceNumber long seq) {
        // codepoint order (COLLATE "C"), as the Elasticsearch document sorts them
        flagged(
                e,
                seq,
                "(SELECT jsonb_agg(to_jsonb(m) ORDER BY m COLLATE \"C\") FROM (SELECT jsonb_array_elements_text(flagged_models) "
                        + "UNION SELECT CAST(? AS text)) t(m))",
                e.model());
    }

    @EventHandler
    void on(ContaminationCleared e, @SequenceNumber long seq) {
        flagged(e, seq, "flagged_models - CAST(? AS text)", e.model());
    }

    @EventHandler
    void on(ContaminationDismissed e, @SequenceNumber long seq) {
        flagged(e, seq, "flagged_models - CAST(? AS text)", e.model());
    }

    private void flagged(BenchmarkEvent e, long seq, String newModels, String model) {
        batch.updateOnce(
                "library_entry",
                e.benchmarkId().value(),
                seq,
                "flagged_models = " + newModels + ", contamination_flagged = jsonb_array_length(" + newModels + ") > 0",
                model,
                model);
    }

    /** Bumps {@code updated_at} (the "recent" sort) and applies {@code assignments}, once per event. */
    private void update(BenchmarkEvent e, long seq, Instant at, String assignments, Object... values) {
        Object[] args = Arrays.copyOf(values, values.length + 1);
        args[values.length] = utc(at);
        String set = assignments == null ? "" : assignments + ", ";
        batch.updateOnce("library_entry", e.benchmarkId().value(), seq, set + "updated_at = ?", args);
    }
}

package io.benchmarkhub.projections.library.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
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
import io.benchmarkhub.projections.library.CaseSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch library index (ADR 0005): one document per benchmark, built from that
 * benchmark's own events. Handlers only record changes; at prepare-commit of the processor's
 * batch the changes are applied in one go: the documents they need are read with one {@code _mget}
 * (real-time, from the index itself), changed in memory in event order, and written with one
 * {@code _bulk} request under external versioning, version = the aggregate sequence number of the
 * last event applied. A change at or below a document's version is skipped, and Elasticsearch
 * refuses a write whose version is not above the stored one, so a redelivered, repeated or late
 * event never regresses a document, even when two nodes race. A failed bulk fails the batch, which
 * the processor retries. Replaying starts a fresh index; {@link LibraryRebuild} swaps it in.
 */
@ProcessingGroup(LibrarySearchProjection.NAME)
public class LibrarySearchProjection {

    public static final String NAME = "library-search";
    private static final Logger log = LoggerFactory.getLogger(LibrarySearchProjection.class);
    private static final String RESOURCE = LibrarySearchProjection.class.getName() + ".pending";

    private final ElasticsearchClient client;
    private final LibraryIndex index;
    private final LibraryRebuild rebuild;

    public LibrarySearchProjection(ElasticsearchClient client, LibraryIndex index, LibraryRebuild rebuild) {
        this.client = client;
        this.index = index;
        this.rebuild = rebuild;
    }

    /** One event's effect on one document: a whole new document, or a change to the current one. */
    private record Change(String id, long seq, LibraryDocument created, UnaryOperator<LibraryDocument> update) {}

    @EventHandler
    void on(BenchmarkCreated e, @SequenceNumber long seq, @Timestamp Instant at) {
        create(
                e,
                seq,
                LibraryDocument.created(
                        e.benchmarkId().value(),
                        e.title(),
                        e.description(),
                        e.tags(),
                        e.category(),
                        CaseSample.of(e.cases()),
                        e.ownerId().value(),
                        e.workspaceId(),
                        e.visibility().name(),
                        null,
                        null,
                        e.cases().size(),
                        at));
    }

    @EventHandler
    void on(BenchmarkForked e, @SequenceNumber long seq, @Timestamp Instant at) {
        create(
                e,
                seq,
                LibraryDocument.created(
                        e.benchmarkId().value(),
                        e.title(),
                        e.description(),
                        e.tags(),
                        e.category(),
                        CaseSample.of(e.cases()),
                        e.ownerId().value(),
                        null,
                        e.visibility().name(),
                        e.sourceId().value(),
                        e.sourceVersion(),
                        e.cases().size(),
                        at));
    }

    @EventHandler
    void on(BenchmarkDetailsChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.withDetails(e.title(), e.description(), e.tags(), e.category(), at));
    }

    @EventHandler
    void on(TestCaseAdded e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.withCaseCount(d.caseCount() + 1, at));
    }

    @EventHandler
    void on(TestCaseRemoved e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.withCaseCount(d.caseCount() - 1, at));
    }

    @EventHandler
    void on(TestCaseRevised e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.touched(at));
    }

    @EventHandler
    void on(PromptTemplateChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.touched(at));
    }

    @EventHandler
    void on(GradingChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.touched(at));
    }

    @EventHandler
    void on(DecisionCriteriaChanged e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.touched(at));
    }

    @EventHandler
    void on(BenchmarkPublished e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.withVisibility("PUBLIC", at));
    }

    @EventHandler
    void on(BenchmarkUnpublished e, @SequenceNumber long seq, @Timestamp Instant at) {
        update(e, seq, d -> d.withVisibility("PRIVATE", at));
    }

    @EventHandler
    void on(BenchmarkVerified e, @SequenceNumber long seq) {
        update(e, seq, d -> d.withVerified(true));
    }

    @EventHandler
    void on(BenchmarkVerificationRevoked e, @SequenceNumber long seq) {
        update(e, seq, d -> d.withVerified(false));
    }

    @EventHandler
    void on(ContaminationSuspected e, @SequenceNumber long seq) {
        update(e, seq, d -> d.withFlag(e.model(), true));
    }

    @EventHandler
    void on(ContaminationCleared e, @SequenceNumber long seq) {
        update(e, seq, d -> d.withFlag(e.model(), false));
    }

    @EventHandler
    void on(ContaminationDismissed e, @SequenceNumber long seq) {
        update(e, seq, d -> d.withFlag(e.model(), false));
    }

    /** A replay writes into a fresh index while searches stay on the current one, until it has caught up. */
    @ResetHandler
    void reset() {
        index.startRebuild();
        rebuild.watch(index);
    }

    private void create(BenchmarkEvent e, long seq, LibraryDocument document) {
        record(new Change(e.benchmarkId().value(), seq, document, null));
    }

    private void update(BenchmarkEvent e, long seq, UnaryOperator<LibraryDocument> change) {
        record(new Change(e.benchmarkId().value(), seq, null, change));
    }

    private void record(Change change) {
        if (!CurrentUnitOfWork.isStarted()) {
            apply(List.of(change));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(RESOURCE, key -> {
                    List<Change> pending = new ArrayList<>();
                    root.onPrepareCommit(uow -> apply(pending));
                    return pending;
                })
                .add(change);
    }

    /** Applies a batch of changes: one _mget for the documents it changes, one _bulk for the results. */
    void apply(List<Change> changes) {
        if (changes.isEmpty()) return;
        String target = index.writeIndex();
        var byId = new LinkedHashMap<String, List<Change>>();
        for (Change c : changes)
            byId.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
        List<String> needed = byId.entrySet().stream()
                .filter(e -> e.getValue().getFirst().created() == null)
                .map(Map.Entry::getKey)
                .toList();
        try {
            Map<String, Versioned> current = read(target, needed);
            var bulk = new BulkRequest.Builder();
            int writes = 0;
            for (var entry : byId.entrySet()) {
                Versioned state = current.getOrDefault(entry.getKey(), Versioned.NONE);
                LibraryDocument doc = state.document();
                long version = state.version();
                boolean changed = false;
                for (Change c : entry.getValue()) {
                    if (c.seq() <= version) continue; // applied before: a redelivery
                    if (c.created() != null) doc = c.created();
                    else if (doc != null) doc = c.update().apply(doc);
                    else {
                        log.warn(
                                "No library document {} to apply event #{} to; it is skipped (replay to repair)",
                                entry.getKey(),
                                c.seq());
                        continue;
                    }
                    version = c.seq();
                    changed = true;
                }
                if (!changed) continue;
                LibraryDocument document = doc;
                long v = version;
                bulk.operations(op -> op.index(i -> i.index(target)
                        .id(entry.getKey())
                        .version(v)
                        .versionType(VersionType.External)
                        .document(document)));
                writes++;
            }
            if (writes > 0) check(client.bulk(bulk.build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the library index " + target, e);
        }
    }

    private record Versioned(LibraryDocument document, long version) {
        static final Versioned NONE = new Versioned(null, -1);
    }

    private Map<String, Versioned> read(String target, List<String> ids) throws IOException {
        var result = new LinkedHashMap<String, Versioned>();
        if (ids.isEmpty()) return result;
        MgetResponse<LibraryDocument> response =
                client.mget(m -> m.index(target).ids(ids).realtime(true), LibraryDocument.class);
        for (MultiGetResponseItem<LibraryDocument> item : response.docs()) {
            if (item.isFailure())
                throw new IllegalStateException("cannot read library document "
                        + item.failure().id() + ": " + item.failure().error().reason());
            GetResult<LibraryDocument> get = item.result();
            if (get.found() && get.version() != null) result.put(get.id(), new Versioned(get.source(), get.version()));
        }
        return result;
    }

    /** A version conflict means the stored document is already as new or newer: that write is done. */
    private static void check(BulkResponse response) {
        if (!response.errors()) return;
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null
                    || "version_conflict_engine_exception".equals(item.error().type())) continue;
            throw new IllegalStateException("library index refused document " + item.id() + ": "
                    + item.error().type() + " " + item.error().reason());
        }
    }
}

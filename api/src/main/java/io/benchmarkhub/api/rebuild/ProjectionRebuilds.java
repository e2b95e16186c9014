package io.benchmarkhub.api.rebuild;

import io.benchmarkhub.api.config.AxonConfiguration;
import io.benchmarkhub.projections.library.search.LibraryIndex;
import io.benchmarkhub.projections.library.search.LibraryRebuild;
import io.benchmarkhub.projections.library.search.LibrarySearchProjection;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.ReadModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a projection's read model from event 0 while the live one keeps answering (ADR 0012). The projection's
 * handlers are run over the whole event store into empty copies of its tables in a schema of their own
 * ({@link ShadowTables}), in large batches. Once the copy has caught up, the live processor is paused, the last events
 * are applied to the copy, the copy is compared with the live tables (row counts and checksums), and in one
 * transaction the copy replaces the live tables and the processor's tokens move to the position the copy reached.
 * Readers see the old complete tables until that commit and the new complete ones after it. A failure at any point
 * leaves the live tables and tokens as they were and drops the copy.
 * <p>
 * The Elasticsearch library index is rebuilt by its own processor into a fresh index behind an alias (ADR 0006).
 */
@Component
public class ProjectionRebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    /** Events per query of the event store. */
    private static final int READ_BATCH = 10_000;
    /** Events (read, or handled) per transaction of the copy: statements go out as JDBC batches at its end. */
    private static final int WRITE_BATCH = 5_000;
    /** How long the swap may wait for readers of the live tables before it gives up (and the rebuild fails). */
    private static final String SWAP_LOCK_TIMEOUT = "10s";

    /** A projection whose read model is a set of tables: its handlers and those tables. */
    record TableProjection(String name, AnnotationEventHandlerAdapter handlers, List<String> tables) {
        boolean handles(TrackedEventMessage<?> event) {
            return handlers.canHandleType(event.getPayloadType());
        }
    }

    private final Map<String, TableProjection> projections = new TreeMap<>();
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Serializer serializer;
    private final EventStorageEngine events;
    private final RebuildLocks locks;
    private final ObjectProvider<LibraryIndex> libraryIndex;

    public ProjectionRebuilds(
            ApplicationContext context,
            EventProcessingConfiguration processing,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            DataSource dataSource,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            ConnectionProvider connectionProvider,
            TransactionManager axonTransactions,
            EventSchema eventSchema,
            ObjectProvider<LibraryIndex> libraryIndex) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.serializer = serializer;
        this.events = AxonConfiguration.jdbcEventStorage(
                READ_BATCH,
                eventSerializer,
                serializer,
                persistenceExceptionResolver,
                connectionProvider,
                axonTransactions,
                eventSchema);
        this.locks = new RebuildLocks(dataSource);
        this.libraryIndex = libraryIndex;
        for (Object bean : context.getBeansWithAnnotation(ReadModel.class).values()) {
            ProcessingGroup group = bean.getClass().getAnnotation(ProcessingGroup.class);
            ReadModel readModel = bean.getClass().getAnnotation(ReadModel.class);
            projections.put(
                    group.value(),
                    new TableProjection(
                            group.value(), new AnnotationEventHandlerAdapter(bean), Arrays.asList(readModel.value())));
        }
    }

    /** The names of the projections that can be rebuilt. */
    public Set<String> names() {
        var names = new TreeSet<>(projections.keySet());
        processing
                .eventProcessor(LibrarySearchProjection.NAME, StreamingEventProcessor.class)
                .ifPresent(p -> names.add(LibrarySearchProjection.NAME));
        return names;
    }

    /** The latest rebuild of {@code name} on this node, running or finished. */
    public Optional<Rebuild> latest(String name) {
        Rebuild rebuild = rebuilds.get(name);
        if (rebuild != null && rebuild.inPlace && rebuild.running()) checkInPlace(rebuild);
        return Optional.ofNullable(rebuild);
    }

    /**
     * Starts rebuilding {@code name} in the background. Refused while a rebuild of it runs anywhere, or while
     * another instance holds segments of its processor (the swap needs all of them free).
     */
    public synchronized Rebuild start(String name) {
        if (!names().contains(name)) {
            throw new RebuildException.UnknownProjection(
                    "No projection named '" + name + "' can be rebuilt; known: " + names());
        }
        Rebuild current = latest(name).orElse(null);
        if (current != null && current.running()) {
            throw conflict("A rebuild of " + name + " is under way since " + current.startedAt
                    + "; wait until GET /api/admin/projections shows it done.");
        }
        StreamingEventProcessor processor = processor(name);
        List<String> others = otherOwners(name, processor.processingStatus().keySet());
        if (!others.isEmpty()) {
            throw conflict(
                    "Other instances " + others + " hold segments of " + name
                            + ". A rebuild swaps the read model and the "
                            + "processor's position at once, which needs every segment; stop the processor there or rebuild from that instance.");
        }
        if (name.equals(LibrarySearchProjection.NAME)) return replayInPlace(name, processor);
        Rebuild rebuild = new Rebuild(name, head(), false);
        if (!locks.tryLock(name)) throw conflict("A rebuild of " + name + " is under way on another instance.");
        rebuilds.put(name, rebuild);
        Thread.ofPlatform()
                .name("rebuild-" + name)
                .daemon()
                .start(() -> run(projections.get(name), processor, rebuild));
        return rebuild;
    }

    /** The live tables' checksums, and the processor's position they correspond to (one snapshot). */
    public ChecksumReport checksum(String name) {
        TableProjection projection = projections.get(name);
        if (projection == null) {
            throw new RebuildException.UnknownProjection(
                    "No read model of tables named '" + name + "'; known: " + projections.keySet());
        }
        var snapshot = new TransactionTemplate(transactions.getTransactionManager());
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        return snapshot.execute(status -> {
            long position = tokens(name, false).stream()
                    .mapToLong(Segment::position)
                    .min()
                    .orElse(-1);
            return new ChecksumReport(name, position, ShadowTables.checksums(jdbc, "public", projection.tables()));
        });
    }

    public record ChecksumReport(String name, long position, List<ShadowTables.Checksum> tables) {}

    private void run(TableProjection projection, StreamingEventProcessor processor, Rebuild rebuild) {
        var shadow = new ShadowTables(jdbc, projection.name(), projection.tables());
        boolean paused = false;
        try {
            log.info(
                    "Rebuilding {} into schema {} from event 0 (head {})",
                    projection.name(),
                    shadow.schema,
                    rebuild.headAtStart);
            shadow.create();
            TrackingToken token = copy(projection, shadow, null, rebuild);
            rebuild.phase(Rebuild.Phase.INDEXING);
            shadow.createIndexes();
            shadow.makeDurable();
            rebuild.phase(Rebuild.Phase.CATCHING_UP);
            token = copy(projection, shadow, token, rebuild);
            rebuild.phase(Rebuild.Phase.SWAPPING);
            processor.shutDown();
            paused = true;
            TrackingToken caughtUp = token;
            Rebuild.Comparison comparison = transactions.execute(status -> swap(projection, shadow, caughtUp, rebuild));
            processor.start();
            paused = false;
            rebuild.swapped(comparison);
            log.info(
                    "Rebuilt {}: {} events, {}/s; {}",
                    projection.name(),
                    rebuild.status().events(),
                    Math.round(rebuild.status().eventsPerSecond()),
                    comparison.identical()
                            ? "identical to the live read model"
                            : "differed from the live read model in " + comparison.differingTables()
                                    + ", which it replaced");
        } catch (RuntimeException | Error e) {
            log.error("Rebuilding {} failed; the live read model is unchanged", projection.name(), e);
            try {
                shadow.drop();
            } catch (RuntimeException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            rebuild.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            if (paused) processor.start();
            locks.unlock(projection.name());
        }
    }

    /** Applies every event after {@code from} to the copy, {@link #WRITE_BATCH} events per transaction; returns the last token. */
    private TrackingToken copy(TableProjection projection, ShadowTables shadow, TrackingToken from, Rebuild rebuild) {
        TrackingToken token = from;
        try (var batches = new EventBatches(projection.name(), events, from, projection::handles, WRITE_BATCH)) {
            for (EventBatches.Batch batch = batches.next(); batch != null; batch = batches.next()) {
                write(projection, shadow, batch.handled());
                token = batch.token();
                rebuild.progressed(batch.read(), position(token));
            }
        }
        return token;
    }

    private void write(TableProjection projection, ShadowTables shadow, List<TrackedEventMessage<?>> batch) {
        if (batch.isEmpty()) return;
        transactions.executeWithoutResult(status -> {
            // the copy is derived data: if a crash loses its last commits, the rebuild is simply run again
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
            apply(projection, shadow, batch);
        });
    }

    /** Runs the projection's handlers over {@code batch} with its unqualified table names meaning the copies. */
    private void apply(TableProjection projection, ShadowTables shadow, List<TrackedEventMessage<?>> batch) {
        if (batch.isEmpty()) return;
        jdbc.execute("SET LOCAL search_path TO " + shadow.schema + ", public");
        var unitOfWork = new BatchingUnitOfWork<>(batch);
        BatchedJdbc.writesShadowTables(unitOfWork);
        ResultMessage<?> result =
                unitOfWork.executeWithResult(() -> projection.handlers().handle(unitOfWork.getMessage()));
        jdbc.execute("SET LOCAL search_path TO public");
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            if (failure instanceof RuntimeException e) throw e;
            throw new IllegalStateException("a handler of " + projection.name() + " failed", failure);
        }
    }

    /**
     * One transaction: takes the processor's token rows (no instance may hold a segment), applies the events after
     * {@code token} to the copy, compares the copy with the live tables, swaps them and moves the tokens to where the
     * copy is.
     */
    private Rebuild.Comparison swap(
            TableProjection projection, ShadowTables shadow, TrackingToken token, Rebuild rebuild) {
        List<Segment> segments = tokens(projection.name(), true);
        if (segments.isEmpty()) {
            throw new IllegalStateException(
                    projection.name() + " has never run here (no tokens); start it once before rebuilding it");
        }
        List<String> owners = segments.stream()
                .map(Segment::owner)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        if (!owners.isEmpty()) {
            throw new IllegalStateException("instances " + owners + " claimed segments of " + projection.name()
                    + " during the rebuild; stop the processor there and rebuild again");
        }
        var tail = new ArrayList<TrackedEventMessage<?>>();
        long read = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(token, false)) {
            for (Iterator<? extends TrackedEventMessage<?>> it = stream.iterator(); it.hasNext(); read++) {
                TrackedEventMessage<?> event = it.next();
                if (projection.handles(event)) tail.add(event);
                token = event.trackingToken();
            }
        }
        apply(projection, shadow, tail);
        rebuild.progressed(read, position(token));
        long livePosition = segments.stream().mapToLong(Segment::position).min().orElse(-1);
        var comparison =
                Rebuild.Comparison.of(livePosition, position(token), shadow.liveChecksums(), shadow.shadowChecksums());
        jdbc.execute("SET LOCAL lock_timeout TO '" + SWAP_LOCK_TIMEOUT + "'");
        shadow.swap();
        if (token != null) {
            SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
            jdbc.update(
                    "UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?",
                    serialized.getData(),
                    serialized.getType().getName(),
                    projection.name());
        }
        return comparison;
    }

    /** The Elasticsearch index: the processor replays into a fresh index that is swapped in when it has caught up (ADR 0006). */
    private Rebuild replayInPlace(String name, StreamingEventProcessor processor) {
        Rebuild rebuild = new Rebuild(name, head(), true);
        processor.shutDown();
        try {
            processor.resetTokens();
            rebuilds.put(name, rebuild);
        } finally {
            processor.start();
        }
        return rebuild;
    }

    /**
     * An in-place rebuild is done when the processor has handled every event up to the head at its start and the
     * fresh index has been swapped in; like the table rebuilds, it does not wait for a later event (ADR 0006).
     */
    private void checkInPlace(Rebuild rebuild) {
        StreamingEventProcessor processor = processor(rebuild.projection);
        if (!LibraryRebuild.caughtUp(processor, rebuild.headAtStart)) return;
        LibraryIndex index = libraryIndex.getIfAvailable();
        if (index != null && index.rebuilding()) return;
        long position = processor.processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(0))
                .min()
                .orElse(0);
        rebuild.caughtUp(position);
    }

    private record Segment(int segment, String owner, long position) {}

    private List<Segment> tokens(String processorName, boolean forUpdate) {
        return jdbc.query(
                "SELECT segment, owner, token, token_type FROM token_entry WHERE processor_name = ? ORDER BY segment"
                        + (forUpdate ? " FOR UPDATE" : ""),
                (rs, i) -> {
                    byte[] data = rs.getBytes("token");
                    TrackingToken token = data == null
                            ? null
                            : serializer.deserialize(new SimpleSerializedObject<>(
                                    data, byte[].class, new SimpleSerializedType(rs.getString("token_type"), null)));
                    return new Segment(rs.getInt("segment"), rs.getString("owner"), position(token));
                },
                processorName);
    }

    private List<String> otherOwners(String processorName, Set<Integer> ours) {
        return tokens(processorName, false).stream()
                .filter(s -> s.owner() != null && !ours.contains(s.segment()))
                .map(Segment::owner)
                .distinct()
                .toList();
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /** The event processor of {@code name}. */
    public StreamingEventProcessor processor(String name) {
        return processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new RebuildException.UnknownProjection("No projection named '" + name + "'"));
    }

    /** The global index of the newest event. */
    public long head() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private static RebuildException.Refused conflict(String detail) {
        return new RebuildException.Refused(detail);
    }

    @Override
    public void destroy() throws Exception {
        locks.close();
    }
}

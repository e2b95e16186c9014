package io.benchmarkhub.api.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.benchmarkhub.command.credits.policy.RunBilling;
import io.benchmarkhub.command.support.BoundedAggregateCache;
import io.benchmarkhub.command.support.StaleCacheGuard;
import io.benchmarkhub.domain.upcasting.EventUpcasters;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.quartz.QuartzDeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon on PostgreSQL without Axon Server: the JDBC event store and token store on the
 * snake_case tables of migration V1, Jackson for every message (events name their revision),
 * and a command gateway that retries a command which lost an append race to another instance.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /**
     * The mapper for stored messages. Unlike the web mapper it ignores unknown properties, so an
     * older node can still read an event that a newer one wrote with an added field.
     */
    static JsonMapper messageMapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).build();
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /** Recognises the unique-constraint violation of a concurrent append, so it surfaces as a ConcurrencyException. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema) {
        return jdbcEventStorage(
                500,
                eventSerializer,
                serializer,
                persistenceExceptionResolver,
                connectionProvider,
                transactionManager,
                eventSchema);
    }

    /**
     * The JDBC event storage reading {@code batchSize} events per query. Also used on its own, with bigger batches, by
     * projection rebuilds, which read the whole store (it is not a bean, so Axon still sees exactly one storage engine).
     */
    public static JdbcEventStorageEngine jdbcEventStorage(
            int batchSize,
            Serializer eventSerializer,
            Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .dataType(byte[].class)
                // stored events of an older revision are read as the current one; their rows are never rewritten
                .upcasterChain(EventUpcasters.chain())
                .batchSize(batchSize)
                // a gap is a sequence value taken by a transaction not yet committed. A reader that meets an event
                // older
                // than gapTimeout drops every gap below it, so an event committed later than that is never delivered
                // (ADR 0001): Axon's default 60 s, and event rows are never written with a past timestamp
                .gapTimeout(60_000)
                .maxGapOffset(10_000)
                // reads take the next batchSize stored rows, not a range of positions, so an empty read means nothing
                // is stored past the token and Axon's extra min(global_index) probe after it is not needed (ADR 0045)
                .readEventDataWithoutGaps(TrackedEventReads::after)
                .readEventDataWithGaps(TrackedEventReads::afterWithGaps)
                .extendedGapCheckEnabled(false)
                // the append trigger's head row instead of max(sequence_number) over every partition (ADR 0040)
                .lastSequenceNumberFor(TrackedEventReads::lastSequenceNumber)
                .build();
    }

    /** Called back by the event store's shared reader; the projection streams register with it. */
    @Bean
    WakingEventSource.WakeUps projectionWakeUps() {
        return new WakingEventSource.WakeUps();
    }

    /**
     * One shared reader for every processor at the head of the stream (ADR 0045): the store's producer reads the
     * database right after this node commits and every {@code fetch-delay} (events of other nodes), and keeps the
     * last {@code cached-events} in memory; a processor further behind reads on its own until it catches up. Without
     * it, each of the dozen processors read the database itself after every commit.
     */
    @Bean
    EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            WakingEventSource.WakeUps wakeUps,
            @Value("${benchmarkhub.projections.fetch-delay:200ms}") Duration fetchDelay,
            @Value("${benchmarkhub.projections.cached-events:2000}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(WakingEventSource.wakingAfterFetches(storageEngine, wakeUps))
                .optimizeEventConsumption(true)
                .fetchDelay(fetchDelay.toMillis())
                .cachedEvents(cachedEvents)
                .build();
    }

    /** The source of the projection processors ({@code axon.eventhandling.processors.*.source}). */
    @Bean(destroyMethod = "close")
    WakingEventSource projectionEventSource(EventStore eventStore, WakingEventSource.WakeUps wakeUps) {
        return new WakingEventSource(eventStore, wakeUps, Duration.ofSeconds(1));
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /** Each node (and each test context) claims segments under its own id, so two never process the same segment. */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(tokenSchema)
                .contentType(byte[].class)
                .claimTimeout(Duration.ofSeconds(10))
                // the process (pid@host) as run leases name it, so an operator sees which instance holds what
                .nodeId("node-" + ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID())
                .build();
    }

    /** The 1,000 most recently used benchmarks stay loaded; an append that loses a race evicts the entry and the retry reloads. */
    @Bean
    Cache benchmarkCache() {
        return new BoundedAggregateCache(1_000);
    }

    /**
     * The 200 most recently used runs stay loaded: an executor records a batch every few milliseconds, and loading a
     * run of thousands of trials from its events for each batch would dominate the cost.
     */
    @Bean
    Cache runCache() {
        return new BoundedAggregateCache(200);
    }

    /** Evicts a cached benchmark or run that another node has changed since this node last appended to it. */
    @Bean
    StaleCacheGuard staleCacheGuard(
            @Qualifier("benchmarkCache") Cache benchmarkCache,
            @Qualifier("runCache") Cache runCache,
            EventStore eventStore,
            CommandBus commandBus) {
        return new StaleCacheGuard(List.of(benchmarkCache, runCache), eventStore, commandBus);
    }

    /**
     * Run deadlines live in the clustered Quartz job store, so a deadline set on one node fires on
     * whichever node is alive when it is due, also after a restart.
     */
    @Bean
    DeadlineManager deadlineManager(
            Scheduler scheduler,
            org.axonframework.config.Configuration axon,
            TransactionManager transactionManager,
            Serializer serializer) {
        return new RunDeadlines(
                QuartzDeadlineManager.builder()
                        .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                        .transactionManager(transactionManager),
                scheduler,
                serializer);
    }

    /**
     * A charge that fails (the database is gone for a moment) must not be skipped: the billing policy's
     * errors stop its segment, which is retried from the same event, instead of being logged and passed over.
     */
    @Bean
    ConfigurerModule billingNeverSkipsAnEvent() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                RunBilling.NAME, config -> PropagatingErrorHandler.instance()));
    }

    /**
     * At most this many segments of each pooled processor on this node ({@code
     * benchmarkhub.projections.max-claimed-segments}; 0, the default, claims every free one). With N nodes, a value of
     * about segments ÷ (N − 1) spreads each projection over the nodes and still lets the survivors take every segment of
     * a node that dies; below that, segments of a dead node stay unclaimed until it comes back.
     */
    @Bean
    ConfigurerModule segmentsPerNode(@Value("${benchmarkhub.projections.max-claimed-segments:0}") int max) {
        return configurer -> configurer.eventProcessing(processing -> {
            if (max > 0)
                processing.registerPooledStreamingEventProcessorConfiguration(
                        (config, builder) -> builder.maxClaimedSegments(max));
        });
    }

    /** A command that lost an append race to another node (unique aggregate id + sequence) is retried on fresh state. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(appendRaceRetries())
                .build();
    }

    static RetryScheduler appendRaceRetries() {
        return IntervalRetryScheduler.builder()
                .retryExecutor(Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "command-retry");
                    t.setDaemon(true);
                    return t;
                }))
                .retryInterval(20)
                .maxRetryCount(5)
                .nonTransientFailurePredicate(AxonConfiguration::notAnAppendRace)
                .build();
    }

    /**
     * The retry scheduler asks this of the failure and of every cause below it, and gives up when any answer
     * is true. A lost race is a ConcurrencyException whose causes are the driver's SQLExceptions (the unique
     * violation), so those must answer false too; anything else is not retried.
     */
    static boolean notAnAppendRace(Throwable failure) {
        if (failure instanceof SQLException) return false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) return false;
        }
        return true;
    }
}

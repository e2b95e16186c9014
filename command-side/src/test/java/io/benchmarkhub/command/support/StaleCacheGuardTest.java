package io.benchmarkhub.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchmarkhub.command.benchmark.Benchmark;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.ChangeBenchmarkDetails;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.commands.CancelRun;
import io.benchmarkhub.domain.user.Actor;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard on Axon's command bus with a cached benchmark: which commands ask the store for the last sequence number,
 * and what a command on a cache that another node has made stale gets. "Another node" appends straight to the storage
 * engine, past this node's bus, as a second instance on the same store would. (Appends that lose a race on PostgreSQL's
 * head row are TwoInstancesTest's.)
 */
class StaleCacheGuardTest {

    private static final Actor OWNER = Actor.user(new UserId("usr_owner"));
    private static final BenchmarkId ID = new BenchmarkId("bm_guarded");

    /** Axon's in-memory engine, counting the guard's question. */
    private static final class CountingEngine extends InMemoryEventStorageEngine {
        final AtomicInteger lastSequenceQueries = new AtomicInteger();

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            lastSequenceQueries.incrementAndGet();
            return super.lastSequenceNumberFor(aggregateIdentifier);
        }
    }

    private final CountingEngine engine = new CountingEngine();
    private final EmbeddedEventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(engine).build();
    private final BoundedAggregateCache cache = new BoundedAggregateCache(10);
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();

    @BeforeEach
    void subscribe() {
        new StaleCacheGuard(List.of(cache), eventStore, commandBus);
        var repository = EventSourcingRepository.builder(Benchmark.class)
                .eventStore(eventStore)
                .cache(cache)
                .build();
        AggregateAnnotationCommandHandler.<Benchmark>builder()
                .aggregateType(Benchmark.class)
                .repository(repository)
                .build()
                .subscribe(commandBus);
    }

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    private CommandResultMessage<?> send(Object command) {
        var result = new CompletableFuture<CommandResultMessage<?>>();
        commandBus.dispatch(
                GenericCommandMessage.asCommandMessage(command), (message, outcome) -> result.complete(outcome));
        return result.join();
    }

    private Object accepted(Object command) {
        CommandResultMessage<?> outcome = send(command);
        if (outcome.isExceptional()) throw new AssertionError(command + " failed", outcome.exceptionResult());
        return outcome.getPayload();
    }

    private static TestCase newCase(String input) {
        return new TestCase(null, JsonNodeFactory.instance.textNode(input), null, List.of(), null);
    }

    private static ChangeBenchmarkDetails retitle(String title, Long expectedVersion) {
        return new ChangeBenchmarkDetails(ID, OWNER, expectedVersion, title, null, null, null, null, null);
    }

    /** Version 1 plus two added cases (versions 2 and 3), all through this node: cached, last appended here. */
    private void createdWithTwoAdds() {
        accepted(new CreateBenchmark(
                ID,
                OWNER,
                "Guarded",
                null,
                List.of(),
                null,
                Visibility.PRIVATE,
                null,
                "{{input}}",
                List.of(newCase("q0")),
                List.<Grader>of(new Grader.Exact(null, null)),
                List.of(),
                List.of()));
        accepted(new AddTestCases(ID, OWNER, null, List.of(newCase("q1"))));
        accepted(new AddTestCases(ID, OWNER, null, List.of(newCase("q2"))));
    }

    /** Appended past this node's bus, as another instance on the same store would. */
    private void anotherNodeRetitles(long sequence, String title) {
        engine.appendEvents(new GenericDomainEventMessage<>(
                "Benchmark",
                ID.value(),
                sequence,
                new BenchmarkDetailsChanged(ID, new UserId("usr_owner"), sequence + 1, title, null, List.of(), null)));
    }

    @Test
    void commands_that_append_to_a_benchmark_this_node_appended_to_last_ask_the_store_nothing() {
        createdWithTwoAdds();
        assertThat(cache.containsKey(ID.value())).isTrue();
        assertThat(engine.lastSequenceQueries).hasValue(0);
    }

    @Test
    void a_command_that_appends_nothing_asks_once_and_is_answered_from_the_fresh_cache() {
        createdWithTwoAdds();
        assertThat(accepted(retitle("Guarded", null))).isEqualTo(3L);
        assertThat(engine.lastSequenceQueries).hasValue(1);
        assertThat(cache.containsKey(ID.value())).isTrue();
    }

    @Test
    void a_no_op_decided_on_a_cache_another_node_made_stale_fails_as_a_race_and_its_retry_decides_on_fresh_state() {
        createdWithTwoAdds();
        anotherNodeRetitles(3, "Renamed elsewhere");

        // on the cached state the title is still "Guarded", so the command would change nothing and answer version 3
        CommandResultMessage<?> stale = send(retitle("Guarded", null));
        assertThat(stale.isExceptional()).isTrue();
        assertThat(stale.exceptionResult()).isInstanceOf(ConcurrencyException.class);
        assertThat(cache.containsKey(ID.value())).isFalse();

        // the gateway's retry: loaded fresh, the title differs, so it is changed back at version 5
        assertThat(accepted(retitle("Guarded", null))).isEqualTo(5L);
        assertThat(eventStore.readEvents(ID.value()).asStream().count()).isEqualTo(5);
    }

    @Test
    void a_refusal_decided_on_a_stale_cache_fails_as_a_race_instead_of_a_wrong_version_conflict() {
        createdWithTwoAdds();
        anotherNodeRetitles(3, "Renamed elsewhere");

        // the client read version 4 from the other node; the cached benchmark is at 3
        CommandResultMessage<?> stale = send(retitle("Again", 4L));
        assertThat(stale.exceptionResult()).isInstanceOf(ConcurrencyException.class);
        assertThat(accepted(retitle("Again", 4L))).isEqualTo(5L);

        // a refusal on fresh state stays the refusal
        assertThat(send(retitle("Late", 4L)).exceptionResult()).isInstanceOf(BenchmarkException.VersionConflict.class);
    }

    @Test
    void a_benchmark_another_node_writes_too_is_checked_before_each_later_command() {
        createdWithTwoAdds();
        anotherNodeRetitles(3, "Renamed elsewhere");
        assertThat(send(retitle("Guarded", null)).exceptionResult()).isInstanceOf(ConcurrencyException.class);
        accepted(retitle("Guarded", null));
        int before = engine.lastSequenceQueries.get();

        anotherNodeRetitles(5, "Renamed again");
        // asked before the command: the stale entry is evicted first, so the append decides on fresh state at once
        assertThat(((Benchmark.AddedCases) accepted(new AddTestCases(ID, OWNER, 6L, List.of(newCase("q3"))))).version())
                .isEqualTo(7);
        assertThat(engine.lastSequenceQueries.get()).isEqualTo(before + 1);
    }

    @Test
    void the_cached_target_of_a_command_is_the_one_axons_resolver_finds() {
        var axon = AnnotationCommandTargetResolver.builder().build();
        for (Object command : List.of(
                new AddTestCases(ID, OWNER, 3L, List.of(newCase("q"))),
                retitle("t", null),
                new CancelRun(new RunId("run_1"), OWNER))) {
            var message = GenericCommandMessage.asCommandMessage(command);
            assertThat(StaleCacheGuard.targetOf(message))
                    .isEqualTo(axon.resolveTarget(message).getIdentifier());
        }
        assertThat(StaleCacheGuard.targetOf(GenericCommandMessage.asCommandMessage("no target")))
                .isNull();
    }
}

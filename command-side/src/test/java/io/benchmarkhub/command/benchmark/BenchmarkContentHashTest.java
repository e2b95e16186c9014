package io.benchmarkhub.command.benchmark;

import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.command.support.BoundedAggregateCache;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.ContentHash;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.ChangeBenchmarkDetails;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RemoveTestCase;
import io.benchmarkhub.domain.benchmark.commands.ReplaceGraders;
import io.benchmarkhub.domain.benchmark.commands.ReviseTestCase;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.grading.Grader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The content hash a benchmark's events carry, over random edit sequences, against the hash recomputed over the whole
 * content. The benchmark stays in the aggregate cache between commands, as in the app, so its kept digest of the cases
 * lives through adds, revisions, removals, re-adds (a removed id added again goes to the end) and template and grader
 * changes; every few commands it is evicted, so a benchmark loaded from its events continues correctly too.
 */
class BenchmarkContentHashTest {

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final BoundedAggregateCache cache = new BoundedAggregateCache(10);
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();

    @BeforeEach
    void subscribe() {
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

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void every_content_hash_equals_the_hash_recomputed_over_the_whole_content(long seed) {
        var random = new Random(seed);
        var id = new BenchmarkId("bm_hash" + seed);
        Map<String, TestCase> cases = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        String template = TEMPLATE;
        List<Grader> graders = GRADERS;
        send(new CreateBenchmark(
                id,
                OWNER,
                TITLE,
                DESCRIPTION,
                TAGS,
                CATEGORY,
                Visibility.PRIVATE,
                null,
                template,
                List.of(C1, C2),
                graders,
                CRITERIA,
                List.of()));
        cases.put(C1.id(), C1);
        cases.put(C2.id(), C2);
        int question = 0;
        for (int step = 0; step < 80; step++) {
            if (random.nextInt(10) == 0) cache.remove(id.value());
            int kind = random.nextInt(10);
            String hash;
            if (kind <= 4 || cases.size() < 2) {
                var added = new ArrayList<TestCase>();
                int count = random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1;
                for (int i = 0; i < count; i++) {
                    String caseId = !removed.isEmpty() && random.nextInt(3) == 0
                            ? removed.remove(random.nextInt(removed.size()))
                            : null; // the benchmark assigns c<n>
                    added.add(testCase(caseId, "question " + question++, random.nextBoolean() ? "answer" : null));
                }
                var result = (Benchmark.AddedCases) send(new AddTestCases(id, OWNER, null, added));
                for (int i = 0; i < added.size(); i++) {
                    TestCase c = added.get(i);
                    cases.put(result.caseIds().get(i), c.withId(result.caseIds().get(i)));
                }
                hash = lastEvent(id, TestCaseAdded.class).contentHash();
            } else if (kind <= 6) {
                String caseId = randomId(random, cases);
                TestCase revised = testCase(caseId, "revised " + question++, "answer");
                send(new ReviseTestCase(id, OWNER, null, revised));
                cases.put(caseId, revised);
                hash = lastEvent(id, TestCaseRevised.class).contentHash();
            } else if (kind <= 8) {
                String caseId = randomId(random, cases);
                send(new RemoveTestCase(id, OWNER, null, caseId));
                cases.remove(caseId);
                removed.add(caseId);
                hash = lastEvent(id, TestCaseRemoved.class).contentHash();
            } else if (random.nextBoolean()) {
                template = "Step " + step + ": {{input}}";
                send(new ChangeBenchmarkDetails(id, OWNER, null, null, null, null, null, template, null));
                hash = lastEvent(id, PromptTemplateChanged.class).contentHash();
            } else {
                graders = graders.size() == 1 ? List.of(EXACT, CONTAINS) : GRADERS;
                send(new ReplaceGraders(id, OWNER, null, graders));
                hash = lastEvent(id, GradingChanged.class).contentHash();
            }
            assertThat(hash)
                    .as("seed %d step %d", seed, step)
                    .isEqualTo(ContentHash.of(template, List.copyOf(cases.values()), graders));
        }
    }

    private static String randomId(Random random, Map<String, TestCase> cases) {
        var ids = new ArrayList<>(cases.keySet());
        return ids.get(random.nextInt(ids.size()));
    }

    private Object send(Object command) {
        var result = new CompletableFuture<CommandResultMessage<?>>();
        commandBus.dispatch(
                GenericCommandMessage.asCommandMessage(command), (message, outcome) -> result.complete(outcome));
        CommandResultMessage<?> outcome = result.join();
        if (outcome.isExceptional()) throw new AssertionError(command + " failed", outcome.exceptionResult());
        return outcome.getPayload();
    }

    private <E> E lastEvent(BenchmarkId id, Class<E> type) {
        List<? extends EventMessage<?>> stored =
                eventStore.readEvents(id.value()).asStream().toList();
        return type.cast(stored.getLast().getPayload());
    }
}

package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.eventsourcing.EventStreamUtils.upcastAndDeserializeDomainEvents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.benchmarkhub.domain.benchmark.ContentHash;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkStarted;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.upcasting.EventUpcasters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.junit.jupiter.api.Test;

/**
 * Revision-1 events exactly as the code before case weights stored them (src/test/resources/events/revision-1-rows.json,
 * captured from domain_event_entry) read through the serializer and the upcaster chain the event store uses.
 */
class StoredRevisionOneEventsTest {

    private static final Serializer SERIALIZER = new AxonConfiguration().eventSerializer();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The stored rows, keyed by the event's simple name. */
    static List<DomainEventData<byte[]>> storedRows() throws IOException {
        try (InputStream in = StoredRevisionOneEventsTest.class.getResourceAsStream("/events/revision-1-rows.json")) {
            var rows = new ArrayList<DomainEventData<byte[]>>();
            for (JsonNode row : JSON.readTree(in)) {
                rows.add(new GenericDomainEventEntry<>(
                        row.get("type").asText(),
                        row.get("aggregate_identifier").asText(),
                        row.get("sequence_number").asLong(),
                        row.get("event_identifier").asText(),
                        row.get("time_stamp").asText(),
                        row.get("payload_type").asText(),
                        row.get("payload_revision").asText(),
                        row.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                        row.get("meta_data").asText().getBytes(StandardCharsets.UTF_8)));
            }
            return rows;
        }
    }

    private static Map<String, Object> read(EventUpcasterChain chain) throws IOException {
        var byType = new LinkedHashMap<String, Object>();
        for (DomainEventData<byte[]> row : storedRows()) {
            assertThat(row.getPayload().getType().getRevision()).isEqualTo("1");
            DomainEventStream stream = upcastAndDeserializeDomainEvents(Stream.of(row), SERIALIZER, chain);
            DomainEventMessage<?> message = stream.next();
            byType.put(message.getPayloadType().getSimpleName(), message.getPayload());
        }
        return byType;
    }

    @Test
    void the_fixtures_are_revision_1_payloads_of_every_changed_event_type() throws IOException {
        assertThat(storedRows())
                .extracting(row -> row.getPayload().getType().getName().replaceAll(".*\\.", ""))
                .containsExactly(
                        "BenchmarkCreated", "TestCaseAdded", "TestCaseRevised", "BenchmarkForked", "RunRequested");
        for (DomainEventData<byte[]> row : storedRows()) {
            assertThat(new String(row.getPayload().getData(), StandardCharsets.UTF_8))
                    .doesNotContain("weight")
                    .doesNotContain("caseWeights");
        }
    }

    @Test
    void every_case_of_a_revision_1_event_reads_with_weight_1_and_its_stored_hash_is_still_its_contents_hash()
            throws IOException {
        Map<String, Object> events = read(EventUpcasters.chain());

        var created = (BenchmarkCreated) events.get("BenchmarkCreated");
        var forked = (BenchmarkForked) events.get("BenchmarkForked");
        var added = (TestCaseAdded) events.get("TestCaseAdded");
        var revised = (TestCaseRevised) events.get("TestCaseRevised");
        for (BenchmarkStarted started : List.of(created, forked)) {
            assertThat(started.cases())
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.weight()).isEqualTo(1.0));
            // the hash stored with revision 1 is the hash of the upcast content: pinned hashes stay true
            assertThat(ContentHash.of(started.promptTemplate(), started.cases(), started.graders()))
                    .isEqualTo(started.contentHash());
        }
        assertThat(created.cases().get(1).metadata().get("source").asText()).isEqualTo("gsm8k");
        assertThat(created.cases().get(0).tags()).containsExactly("easy");
        assertThat(added.testCase().weight()).isEqualTo(1.0);
        assertThat(added.testCase().id()).isEqualTo("c3");
        assertThat(revised.testCase().weight()).isEqualTo(1.0);
        assertThat(revised.testCase().tags()).containsExactly("easy", "revised");
        // after the revision the benchmark holds the forked cases: their hash is the revision's stored hash
        assertThat(ContentHash.of(forked.promptTemplate(), forked.cases(), forked.graders()))
                .isEqualTo(revised.contentHash());

        var requested = (RunRequested) events.get("RunRequested");
        assertThat(requested.caseWeights()).isEmpty();
        assertThat(requested.caseIds()).containsExactly("c1", "c2", "c3");
        assertThat(requested.contentHash()).isEqualTo(revised.contentHash());
    }

    @Test
    void without_the_upcasters_the_weights_would_be_missing() throws IOException {
        Map<String, Object> events = read(new EventUpcasterChain(NoOpEventUpcaster.INSTANCE));
        assertThat(((TestCaseAdded) events.get("TestCaseAdded")).testCase().weight())
                .isNull();
        assertThat(((RunRequested) events.get("RunRequested")).caseWeights()).isNull();
    }

    @Test
    void a_revision_2_event_is_written_with_its_weights_and_read_back_unchanged() throws IOException {
        var added = (TestCaseAdded) read(EventUpcasters.chain()).get("TestCaseAdded");
        var heavier = new TestCaseAdded(
                added.benchmarkId(),
                added.actorId(),
                added.version(),
                new TestCase("c3", added.testCase().input(), added.testCase().expected(), List.of(), null, 2.5),
                added.contentHash());
        var serialized = SERIALIZER.serialize(heavier, byte[].class);
        assertThat(serialized.getType().getRevision()).isEqualTo("2");
        assertThat(new String(serialized.getData(), StandardCharsets.UTF_8)).contains("\"weight\":2.5");
        var row = new GenericDomainEventEntry<>(
                "Benchmark",
                added.benchmarkId().value(),
                9,
                "e-9",
                "2026-11-22T10:30:00Z",
                serialized.getType().getName(),
                serialized.getType().getRevision(),
                serialized.getData(),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(upcastAndDeserializeDomainEvents(Stream.of(row), SERIALIZER, EventUpcasters.chain())
                        .next()
                        .getPayload())
                .isEqualTo(heavier);
    }
}

package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

/**
 * A processor's stream leaves out the events of payload types its processor cannot handle (ADR 0045), but never the
 * last one available, so every processor still reaches the head of the store.
 */
class SkippedEventTypesTest extends ApiTestBase {

    /** Axon's stream contract over a list that can grow, as the embedded store's cache does. */
    private static final class ListStream implements BlockingStream<TrackedEventMessage<?>> {
        final Deque<TrackedEventMessage<?>> available = new ArrayDeque<>();

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(available.peekFirst());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return !available.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return available.removeFirst();
        }

        @Override
        public void close() {}
    }

    private static TrackedEventMessage<?> event(long position, Object payload) {
        return new GenericTrackedEventMessage<>(
                new GlobalSequenceTrackingToken(position), GenericEventMessage.asEventMessage(payload));
    }

    private static List<Long> drain(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        var positions = new ArrayList<Long>();
        while (stream.hasNextAvailable()) {
            positions.add(stream.nextAvailable().trackingToken().position().orElseThrow());
        }
        return positions;
    }

    @Test
    void events_of_a_skipped_type_are_left_out_except_the_last_one_available() throws InterruptedException {
        var source = new ListStream();
        var stream = new WakingEventSource.WakingStream(source, new WakingEventSource.WakeUps());
        source.available.add(event(1, 1L));
        TrackedEventMessage<?> first = stream.nextAvailable();
        stream.skipMessagesWithPayloadTypeOf(first); // the processor handles no Long

        // Strings are handled, Longs are not: 2-4 are passed over, 6 is the last one available so it is handed on
        source.available.addAll(List.of(event(2, 2L), event(3, 3L), event(4, 4L), event(5, "five"), event(6, 6L)));
        assertThat(drain(stream)).containsExactly(5L, 6L);

        // a later handled event after skipped ones: only it; the stream is empty afterwards
        source.available.addAll(List.of(event(7, 7L), event(8, 8L), event(9, "nine")));
        assertThat(stream.peek().orElseThrow().trackingToken().position()).hasValue(9);
        assertThat(drain(stream)).containsExactly(9L);
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(stream.peek()).isEmpty();
    }

    @Test
    void every_processor_reaches_the_head_after_events_most_of_them_skip() {
        String benchmark = createBenchmark(alice, """
                {"title": "Skipped types", "visibility": "PRIVATE",
                 "cases": [{"input": "a", "expected": "a"}, {"input": "b", "expected": "b"}],
                 "graders": [{"type": "contains"}]}""");
        Response run = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "repeats": 3}""".formatted(benchmark));
        assertThat(run.status()).as(run.text()).isEqualTo(202);
        String id = run.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + id, alice)
                        .body()
                        .get("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run ends");

        // the newest events are the run's, which most processors (library, benchmark detail, forks…) do not handle
        eventually(
                () -> {
                    for (JsonNode p : send("GET", "/api/admin/projections", ADMIN_TOKEN, null)
                            .body()) {
                        if (!p.get("state").asText().equals("LIVE")
                                || p.get("lag").asLong() != 0) return false;
                    }
                    return true;
                },
                "every processor is at the head");
    }
}

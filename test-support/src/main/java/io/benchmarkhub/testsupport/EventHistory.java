package io.benchmarkhub.testsupport;

import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.credits.events.CreditEvent;
import io.benchmarkhub.domain.run.events.RunEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

/**
 * An event history written by hand, the one builder the read-side tests share: events of aggregate streams, each with
 * its next sequence number and an event time the test chooses (or the message clock's when it chooses none). The same
 * history is appended to the real event store ({@link #publishTo}, one commit, as an aggregate's unit of work stores
 * it) or handed straight to projection handlers ({@link #applyTo}, no processor, no web layer).
 * <p>
 * Sequence numbers start where {@code firstSequence} says a stream stands (0 for a new one; a test on a shared event
 * store reads the stored maximum). Runs, credit accounts and benchmarks are recognised from their events; any other
 * stream is named with {@link #append(String, String, Instant, Object)}.
 */
public final class EventHistory {

    /** One event of the history: its stream, its place in it, and when it happened (null: when it is published). */
    public record Event(String aggregateType, String aggregateId, long sequence, Object payload, Instant at) {

        public Event {
            Objects.requireNonNull(aggregateType, "aggregateType");
            Objects.requireNonNull(aggregateId, "aggregateId");
            Objects.requireNonNull(payload, "payload");
        }

        /** The event as Axon stores and delivers it. */
        public DomainEventMessage<?> message() {
            if (at == null) return new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload);
            return new GenericDomainEventMessage<>(
                    aggregateType,
                    aggregateId,
                    sequence,
                    payload,
                    MetaData.emptyInstance(),
                    UUID.randomUUID().toString(),
                    at);
        }
    }

    private final ToLongFunction<String> firstSequence;
    private final Map<String, Long> next = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Consumer<Event>> onAppend = new ArrayList<>();
    private Instant at;

    /** A history of new streams: every stream starts at sequence 0. */
    public EventHistory() {
        this(aggregateId -> 0);
    }

    /** A history continuing streams that already have events: {@code firstSequence} gives a stream's next number. */
    public EventHistory(ToLongFunction<String> firstSequence) {
        this.firstSequence = firstSequence;
    }

    /** The time of the events appended from now on (null: the message clock's, when each is published). */
    public EventHistory at(Instant time) {
        this.at = time;
        return this;
    }

    /** Runs {@code hook} for each event appended from now on (e.g. to hold a run's lease before it is published). */
    public EventHistory onAppend(Consumer<Event> hook) {
        onAppend.add(hook);
        return this;
    }

    /** Appends events of runs, credit accounts or benchmarks, each to its own stream, at the current time. */
    public EventHistory append(Object... payloads) {
        for (Object payload : payloads) append(aggregateType(payload), aggregateId(payload), at, payload);
        return this;
    }

    /** Appends one event at {@code time}, to the stream its type names. */
    public EventHistory appendAt(Instant time, Object payload) {
        return append(aggregateType(payload), aggregateId(payload), time, payload);
    }

    /** Appends one event to the stream {@code aggregateType} {@code aggregateId} at {@code time}. */
    public EventHistory append(String aggregateType, String aggregateId, Instant time, Object payload) {
        long sequence =
                next.compute(aggregateId, (id, last) -> last == null ? firstSequence.applyAsLong(id) : last + 1);
        var event = new Event(aggregateType, aggregateId, sequence, payload, time);
        onAppend.forEach(hook -> hook.accept(event));
        events.add(event);
        return this;
    }

    /** The events appended and not yet published or applied, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Takes the pending events as messages: the history then has none pending (its sequence numbers go on). */
    public List<DomainEventMessage<?>> drain() {
        List<DomainEventMessage<?>> messages =
                events.stream().<DomainEventMessage<?>>map(Event::message).toList();
        events.clear();
        return messages;
    }

    /** Appends the pending events to the event store as one commit. */
    public void publishTo(EventStore eventStore) {
        eventStore.publish(drain());
    }

    /**
     * Hands the pending events, in order, to every handler of {@code projections} that takes them, as a processor
     * would outside a batch (each statement written at once).
     */
    public void applyTo(Object... projections) {
        var invoker = SimpleEventHandlerInvoker.builder()
                .eventHandlers(List.of(projections))
                .build();
        for (DomainEventMessage<?> message : drain()) {
            try {
                invoker.handle(message, org.axonframework.eventhandling.Segment.ROOT_SEGMENT);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "handling " + message.getPayloadType().getSimpleName() + " failed", e);
            }
        }
    }

    /** The aggregate type an event of the domain belongs to, as the aggregates store it. */
    public static String aggregateType(Object payload) {
        return switch (payload) {
            case RunEvent e -> "Run";
            case CreditEvent e -> "CreditAccount";
            case BenchmarkEvent e -> "Benchmark";
            default ->
                throw new IllegalArgumentException("name the stream of a "
                        + payload.getClass().getSimpleName() + ": append(type, id, time, event)");
        };
    }

    /** The aggregate an event of the domain belongs to. */
    public static String aggregateId(Object payload) {
        return switch (payload) {
            case RunEvent e -> e.runId().value();
            case CreditEvent e -> e.accountId().value();
            case BenchmarkEvent e -> e.benchmarkId().value();
            default ->
                throw new IllegalArgumentException("name the stream of a "
                        + payload.getClass().getSimpleName() + ": append(type, id, time, event)");
        };
    }
}

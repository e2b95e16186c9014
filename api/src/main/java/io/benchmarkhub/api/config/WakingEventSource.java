package io.benchmarkhub.api.config;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the pooled projection processors see it, with availability callbacks (ADR 0045).
 * Axon's pooled coordinator re-checks an idle stream only every few seconds unless its stream can call it
 * back, which the embedded event store's streams cannot. The embedded store shares one reader between all
 * processors at the head of the stream (its producer, which reads right after this node commits and every
 * fetch delay for events other nodes append) and keeps what it read in memory; so every open stream is
 * called back right after that reader has added new events to the cache ({@link #wakingAfterFetches}), and
 * on a slow tick as a backstop.
 */
class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private final EventStore eventStore;
    private final WakeUps wakeUps;
    private final ScheduledExecutorService ticker;

    WakingEventSource(EventStore eventStore, WakeUps wakeUps, Duration tick) {
        this.eventStore = eventStore;
        this.wakeUps = wakeUps;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "projection-wake-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(wakeUps::wakeAll, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The callbacks of the open streams; the store's shared reader calls them after it read new events. */
    static final class WakeUps {
        private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();

        void wakeAll() {
            callbacks.forEach(Runnable::run);
        }
    }

    /**
     * {@code engine} with its blocking reads (the embedded store's shared producer is their only caller; a
     * processor's own stream reads without blocking) calling {@code wakeUps} once a read that returned events
     * is exhausted: by then the producer has put every one of them into the cache the processors read.
     */
    static EventStorageEngine wakingAfterFetches(EventStorageEngine engine, WakeUps wakeUps) {
        return new EventStorageEngine() {
            @Override
            public void appendEvents(List<? extends EventMessage<?>> events) {
                engine.appendEvents(events);
            }

            @Override
            public void storeSnapshot(DomainEventMessage<?> snapshot) {
                engine.storeSnapshot(snapshot);
            }

            @Override
            public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
                Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, mayBlock);
                if (!mayBlock) return events;
                Spliterator<? extends TrackedEventMessage<?>> read = events.spliterator();
                return StreamSupport.stream(
                                new Spliterators.AbstractSpliterator<TrackedEventMessage<?>>(
                                        Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                                    private boolean delivered;

                                    @Override
                                    public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
                                        if (read.tryAdvance(action)) {
                                            delivered = true;
                                            return true;
                                        }
                                        if (delivered) {
                                            delivered = false;
                                            wakeUps.wakeAll();
                                        }
                                        return false;
                                    }
                                },
                                false)
                        .onClose(events::close);
            }

            @Override
            public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
                return engine.readEvents(aggregateIdentifier, firstSequenceNumber);
            }

            @Override
            public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
                return engine.readSnapshot(aggregateIdentifier);
            }

            @Override
            public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
                return engine.lastSequenceNumberFor(aggregateIdentifier);
            }

            @Override
            public TrackingToken createTailToken() {
                return engine.createTailToken();
            }

            @Override
            public TrackingToken createHeadToken() {
                return engine.createHeadToken();
            }

            @Override
            public TrackingToken createTokenAt(Instant dateTime) {
                return engine.createTokenAt(dateTime);
            }
        };
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new WakingStream(eventStore.openStream(trackingToken), wakeUps);
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    /**
     * A processor's stream, with availability callbacks, that also leaves out the events its processor said it cannot
     * handle at all. Axon's coordinator names such a payload type through {@link #skipMessagesWithPayloadTypeOf} (no
     * handler of the processor takes it); the embedded store's streams ignore that, so every processor queued every
     * event for every segment only to pass over it (in a 200,000-call run, the coordinators of the processors that
     * handle no run event spent ~9% of the app's CPU on this, mostly counting their full queues).
     * <p>A left-out event is not lost to the processor's position: the token of each event read covers every earlier
     * one, so the next event handed on carries the processor past it. The last event available is always handed on,
     * skipped type or not, so a processor whose newest events are all of skipped types still reaches the head.
     * Used by the processor's coordinator thread only, as Axon's own streams are.
     */
    static final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {
        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final WakeUps wakeUps;
        private final Set<Class<?>> skipped = new HashSet<>();
        /** An event of a skipped type taken from the delegate, handed on only if nothing follows it yet. */
        private TrackedEventMessage<?> held;

        private Runnable callback;

        WakingStream(BlockingStream<TrackedEventMessage<?>> delegate, WakeUps wakeUps) {
            this.delegate = delegate;
            this.wakeUps = wakeUps;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (this.callback != null) wakeUps.callbacks.remove(this.callback);
            this.callback = callback;
            wakeUps.callbacks.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            passSkipped();
            return held != null ? Optional.of(held) : delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            passSkipped();
            if (held != null) return true;
            if (!delegate.hasNextAvailable(timeout, unit)) return false;
            passSkipped();
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            passSkipped();
            if (held == null) return delegate.nextAvailable();
            TrackedEventMessage<?> next = held;
            held = null;
            return next;
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            skipped.add(ignoredMessage.getPayloadType());
        }

        /**
         * Takes the available events of skipped types off the delegate, keeping only the last one taken while nothing
         * follows it; drops it once an event follows (that event's token covers it). Never waits.
         */
        private void passSkipped() {
            if (skipped.isEmpty()) return;
            try {
                while (true) {
                    Optional<TrackedEventMessage<?>> next = delegate.peek();
                    if (next.isEmpty()) return;
                    if (!skipped.contains(next.get().getPayloadType())) {
                        held = null;
                        return;
                    }
                    held = delegate.nextAvailable();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (callback != null) wakeUps.callbacks.remove(callback);
            held = null;
            delegate.close();
        }
    }
}

package io.benchmarkhub.api.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The event store as the pooled projection processors see it, with availability callbacks.
 * Axon's pooled coordinator re-checks an idle stream only every 500 ms unless its stream can
 * call it back, which the embedded event store's streams cannot; so a projection would lag a
 * write by up to half a second. Here every open stream is called back right after this node
 * commits new events, and on a short tick for events that other nodes append.
 * The store must not share one cached producer between consumers ({@code optimizeEventConsumption(false)}):
 * each stream then reads the database when asked, so a callback never finds a stale cache.
 */
class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private final EventStore eventStore;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    public WakingEventSource(EventStore eventStore, Duration tick) {
        this.eventStore = eventStore;
        eventStore.subscribe(events -> {
            if (CurrentUnitOfWork.isStarted()) CurrentUnitOfWork.get().afterCommit(uow -> wakeAll());
            else wakeAll();
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "projection-wake-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::wakeAll, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void wakeAll() {
        callbacks.forEach(Runnable::run);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new WakingStream(eventStore.openStream(trackingToken));
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

    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {
        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private Runnable callback;

        WakingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (this.callback != null) callbacks.remove(this.callback);
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            if (callback != null) callbacks.remove(callback);
            delegate.close();
        }
    }
}

package io.benchmarkhub.api.rebuild;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * The events after a token, read on a thread of their own in batches: while a rebuild writes one batch, the next
 * is fetched and its events deserialized (the two halves of the work take about as long as each other).
 */
final class EventBatches implements AutoCloseable {

    /**
     * Up to {@code size} events of one stretch of the store that the projection handles, deserialized, and the
     * stretch itself: how many events it held and the token after its last one.
     */
    record Batch(List<TrackedEventMessage<?>> handled, long read, TrackingToken token) {}

    private static final Batch END = new Batch(List.of(), 0, null);

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread reader;

    /** Reads every event after {@code from} (all of the store when null) that exists now. */
    EventBatches(
            String name,
            EventStorageEngine events,
            TrackingToken from,
            Predicate<TrackedEventMessage<?>> handled,
            int size) {
        this.reader = Thread.ofPlatform().name("rebuild-read-" + name).daemon().start(() -> {
            try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(from, false)) {
                Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
                var batch = new ArrayList<TrackedEventMessage<?>>(size);
                TrackingToken token = from;
                long read = 0;
                while (iterator.hasNext()) {
                    TrackedEventMessage<?> event = iterator.next();
                    token = event.trackingToken();
                    read++;
                    if (handled.test(event)) {
                        event.getPayload(); // deserialized here, not on the writing thread
                        batch.add(event);
                    }
                    if (batch.size() == size || read == size) {
                        queue.put(new Batch(batch, read, token));
                        batch = new ArrayList<>(size);
                        read = 0;
                    }
                }
                if (read > 0) queue.put(new Batch(batch, read, token));
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                queue.clear();
                queue.offer(e);
            }
        });
    }

    /** The next batch, or null when every event that existed has been read. */
    Batch next() {
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading events", e);
        }
        if (next instanceof RuntimeException e) throw e;
        if (next instanceof Error e) throw e;
        return next == END ? null : (Batch) next;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}

package io.benchmarkhub.projections.library.search;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps a rebuilt library index in once the replaying processor has caught up: every segment is
 * claimed, none is failing, and each has reached the head of the event stream as it was when the
 * rebuild started. Until then searches keep answering from the old index.
 */
public class LibraryRebuild {

    private static final Logger log = LoggerFactory.getLogger(LibraryRebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<Optional<StreamingEventProcessor>> processor;
    private final LongSupplier head;
    private final AtomicReference<Thread> watcher = new AtomicReference<>();

    /**
     * @param processor the library-search processor, once configured
     * @param head      the global index of the newest event (-1 when there is none)
     */
    public LibraryRebuild(Supplier<Optional<StreamingEventProcessor>> processor, LongSupplier head) {
        this.processor = processor;
        this.head = head;
    }

    /** Watches the rebuild under way in {@code index} (a later rebuild replaces an earlier watcher). */
    public void watch(LibraryIndex index) {
        long target = head.getAsLong();
        Thread thread = Thread.ofVirtual().name("library-index-rebuild").unstarted(() -> {
            try {
                while (!caughtUp(target)) Thread.sleep(POLL);
                index.swap();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error(
                        "Rebuilding the library index failed; searches stay on the old index. Replay again to retry.",
                        e);
            }
        });
        Thread previous = watcher.getAndSet(thread);
        if (previous != null) previous.interrupt();
        thread.start();
    }

    boolean caughtUp(long target) {
        return processor.get().map(p -> caughtUp(p, target)).orElse(false);
    }

    /**
     * True when the replaying {@code processor} has handled every event up to {@code target}: it runs, its segments
     * cover the whole stream, none is failing, and each has reached {@code target}. Whether Axon still calls a segment
     * "replaying" does not matter: its replay token ends only at the first event after the position of the reset,
     * so on a quiet system it says "replaying" at lag 0 until someone writes again.
     */
    public static boolean caughtUp(StreamingEventProcessor processor, long target) {
        if (!processor.isRunning()) return false;
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        if (segments.isEmpty()) return false;
        double covered = 0;
        for (EventTrackerStatus status : segments.values()) {
            if (status.isErrorState()) return false;
            if (status.getCurrentPosition().orElse(-1) < target) return false;
            covered += 1.0 / (status.getSegment().getMask() + 1);
        }
        return covered > 0.999;
    }
}

package io.benchmarkhub.projections.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Runs of events of one aggregate in the batch being handled, so a handler can write a row once per run instead of
 * once per event: the 100 {@code TestCaseAdded} of one request update their benchmark's row once, by the last of
 * them. A run is a stretch of one aggregate's events in the batch with consecutive sequence numbers, each linked to
 * the one before by {@code continues}; events of other aggregates may lie between them. The whole batch commits at
 * once, so a run is never half applied; outside a batch every event is a run of its own.
 */
public final class BatchRuns {

    /** The run the event being handled belongs to: its first event's sequence number and time, and whether this event ends it. */
    public record Run(long firstSequence, Instant firstTimestamp, boolean endsHere) {
        static Run startingAt(DomainEventMessage<?> event, boolean endsHere) {
            return new Run(event.getSequenceNumber(), event.getTimestamp(), endsHere);
        }
    }

    private BatchRuns() {}

    /**
     * The run of the current event, which has {@code sequence} and {@code timestamp}. {@code key} names the kind of
     * run (one computation per batch and key); {@code continues} says whether the second event extends a run that the
     * first one is in.
     */
    public static Run current(
            String key,
            long sequence,
            Instant timestamp,
            BiPredicate<DomainEventMessage<?>, DomainEventMessage<?>> continues) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
            Map<Message<?>, Run> runs =
                    batch.getOrComputeResource(BatchRuns.class.getName() + "." + key, k -> runs(batch, continues));
            Run run = runs.get(batch.getMessage());
            if (run != null) return run;
        }
        return new Run(sequence, timestamp, true);
    }

    private static Map<Message<?>, Run> runs(
            BatchingUnitOfWork<?> batch, BiPredicate<DomainEventMessage<?>, DomainEventMessage<?>> continues) {
        var runs = new IdentityHashMap<Message<?>, Run>();
        var previous = new HashMap<String, DomainEventMessage<?>>();
        for (Message<?> message : batch.getMessages()) {
            if (!(message instanceof DomainEventMessage<?> event)) continue;
            DomainEventMessage<?> before = previous.put(event.getAggregateIdentifier(), event);
            boolean continued = before != null
                    && event.getSequenceNumber() == before.getSequenceNumber() + 1
                    && continues.test(before, event);
            Run run = continued ? runs.get(before) : Run.startingAt(event, true);
            if (continued) runs.put(before, new Run(run.firstSequence(), run.firstTimestamp(), false));
            runs.put(event, new Run(run.firstSequence(), run.firstTimestamp(), true));
        }
        return runs;
    }
}

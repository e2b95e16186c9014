package io.benchmarkhub.domain.upcasting;

import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/**
 * Every upcaster of stored events, in the order they apply: an event of revision n passes each upcaster that knows
 * n, and ends at the revision its class declares. The event store reads through this chain, so aggregates, every
 * projection and every fold of the events see only current revisions; the stored rows are never rewritten
 * (docs/events.md, "How to change an event").
 */
public final class EventUpcasters {

    private EventUpcasters() {}

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(
                new CaseWeightUpcaster(), new RunCaseWeightsUpcaster(), new UnsharedWorkspaceUpcaster());
    }
}

package io.benchmarkhub.command.run;

import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Reads a benchmark as of one version straight from its events (the command side never reads read models). */
@Component
public class BenchmarkReader {

    private final EventStore eventStore;

    public BenchmarkReader(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** @param version the version wanted, or null for the latest */
    public Optional<BenchmarkHistory.Snapshot> read(BenchmarkId id, Long version) {
        var history = new BenchmarkHistory(version == null ? Long.MAX_VALUE : version);
        DomainEventStream events = eventStore.readEvents(id.value());
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof BenchmarkEvent event) history.apply(event);
        }
        return history.snapshot();
    }
}

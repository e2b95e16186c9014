package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory.Snapshot;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A benchmark as it was at an instant, rebuilt from its events stored up to then (their store timestamps). Who may
 * see it is decided by the benchmark's current owner and visibility, as for every other read.
 */
@Component
public class BenchmarkTimeTravel {

    /** The state at {@code asOf}: the version reached by then, and when it was reached ({@code versionAt}). */
    public record BenchmarkAsOf(String id, Instant asOf, long version, Instant versionAt, String title, String description,
                                List<String> tags, String category, Visibility visibility, String ownerId,
                                String contentHash, String promptTemplate, List<TestCase> cases, List<Grader> graders,
                                List<DecisionCriterion> decisionCriteria, long currentVersion) {
    }

    private final EventStore eventStore;

    public BenchmarkTimeTravel(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Empty when the benchmark did not exist at {@code asOf} or {@code viewer} (null = anonymous) may not see it now. */
    public Optional<BenchmarkAsOf> asOf(String id, Instant asOf, UserId viewer) {
        return fold(id, BenchmarkHistory.asOf(asOf))
                .filter(s -> visibleTo(s, viewer))
                .map(s -> new BenchmarkAsOf(s.id().value(), asOf, s.version(), s.changedAt(), s.title(), s.description(),
                        s.tags(), s.category(), s.visibility(), s.ownerId().value(), s.contentHash(), s.promptTemplate(),
                        s.cases(), s.graders(), s.decisionCriteria(), s.currentVersion()));
    }

    /** The benchmark as it is now, straight from its events; empty for an id that is no benchmark. */
    public Optional<Snapshot> current(String id) {
        return fold(id, new BenchmarkHistory(Long.MAX_VALUE));
    }

    public static boolean visibleTo(Snapshot benchmark, UserId viewer) {
        return benchmark.currentVisibility() == Visibility.PUBLIC || benchmark.ownerId().equals(viewer);
    }

    private Optional<Snapshot> fold(String id, BenchmarkHistory history) {
        DomainEventStream events = eventStore.readEvents(id);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getPayload() instanceof BenchmarkEvent benchmarkEvent) history.apply(benchmarkEvent, event.getTimestamp());
        }
        return history.snapshot();
    }
}

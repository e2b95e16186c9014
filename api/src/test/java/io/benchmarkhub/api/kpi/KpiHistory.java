package io.benchmarkhub.api.kpi;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.testsupport.EventHistory;
import io.benchmarkhub.testsupport.StoredHistory;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Event histories written by hand to the real event store ({@link StoredHistory}) with the event times a test chooses
 * (KPIs count by event time). Each run's lease is held first, so no executor of the application resumes a hand-made
 * run.
 */
public final class KpiHistory {

    private final StoredHistory stored;

    public KpiHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.stored = new StoredHistory(eventStore, jdbc);
    }

    /** One event of a stream, and when it happened. */
    public record At(Instant at, Object event) {}

    public static At at(String instant, Object event) {
        return new At(Instant.parse(instant), event);
    }

    /** Appends the events to a new stream of {@code type} {@code id}, from sequence 0, as one commit. */
    public void append(String type, String id, At... events) {
        EventHistory history = stored.history();
        for (At e : events) history.append(type, id, e.at(), e.event());
        stored.publish(history);
    }

    /** Appends a run's events (the first must be its request); the run's lease is held first. */
    public void run(RunId id, At... events) {
        append("Run", id.value(), events);
    }

    /** A BYOK run of {@code models} on cases c1..c3 of an unknown benchmark, with one exact grader and one LLM judge. */
    public static RunRequested request(RunId id, String userId, List<String> models, List<String> simulated) {
        return new RunRequested(
                id,
                new BenchmarkId("bm_" + id.value().substring(4)),
                1,
                "sha256:" + id.value(),
                new UserId(userId),
                models,
                simulated,
                1,
                Billing.BYOK,
                RunParams.DEFAULTS,
                List.of("c1", "c2", "c3"),
                List.of(new Grader.Exact(null, null), new Grader.LlmJudge("right?", List.of("j1"), null)),
                List.of(),
                List.of(),
                "api",
                3600,
                null,
                null);
    }
}

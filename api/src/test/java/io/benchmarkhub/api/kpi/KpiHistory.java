package io.benchmarkhub.api.kpi;

import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Event histories written by hand to the real event store with the event times a test chooses (KPIs count by event
 * time). Each run's lease is held first, so no executor of the application resumes a hand-made run.
 */
public final class KpiHistory {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public KpiHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    /** One event of a stream, and when it happened. */
    public record At(Instant at, Object event) {}

    public static At at(String instant, Object event) {
        return new At(Instant.parse(instant), event);
    }

    /** Appends the events to a new stream of {@code type} {@code id}, from sequence 0, as one commit. */
    public void append(String type, String id, At... events) {
        var messages = new ArrayList<DomainEventMessage<?>>();
        long seq = 0;
        for (At e : events) {
            messages.add(new GenericDomainEventMessage<>(
                    type,
                    id,
                    seq++,
                    e.event(),
                    org.axonframework.messaging.MetaData.emptyInstance(),
                    IdentifierFactory.getInstance().generateIdentifier(),
                    e.at()));
        }
        eventStore.publish(messages);
    }

    /** Appends a run's events (the first must be its request). */
    public void run(RunId id, At... events) {
        jdbc.update(
                "INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, 'test-script', now() + interval '1 day') "
                        + "ON CONFLICT (run_id) DO NOTHING",
                id.value());
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

    public static BenchmarkCreated created(BenchmarkId id, String ownerId, String title, Visibility visibility) {
        return new BenchmarkCreated(
                id,
                new UserId(ownerId),
                null,
                title,
                null,
                List.of(),
                null,
                visibility,
                null,
                List.of(new TestCase("c1", TextNode.valueOf("2+2"), TextNode.valueOf("4"), List.of(), null)),
                List.of(new Grader.Exact(null, null)),
                List.of(),
                1,
                "sha256:" + id.value());
    }

    public static BenchmarkForked forked(BenchmarkId id, String ownerId, BenchmarkId source, Visibility visibility) {
        return new BenchmarkForked(
                id,
                new UserId(ownerId),
                source,
                1,
                "Fork of " + source.value(),
                null,
                List.of(),
                null,
                visibility,
                null,
                List.of(new TestCase("c1", TextNode.valueOf("2+2"), TextNode.valueOf("4"), List.of(), null)),
                List.of(new Grader.Exact(null, null)),
                List.of(),
                1,
                "sha256:" + source.value());
    }

    public static BenchmarkPublished published(BenchmarkId id, String actorId, long version) {
        return new BenchmarkPublished(id, new UserId(actorId), version);
    }
}

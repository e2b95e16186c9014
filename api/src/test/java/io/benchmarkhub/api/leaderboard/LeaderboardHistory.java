package io.benchmarkhub.api.leaderboard;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.ModelSummary;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunStarted;
import io.benchmarkhub.domain.user.UserId;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Completed runs written by hand to the real event store, with the summaries a test chooses: requested, started,
 * completed. Each run's lease is held first, so no executor of the application resumes the hand-made run.
 */
public final class LeaderboardHistory {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    public LeaderboardHistory(EventStore eventStore, JdbcTemplate jdbc) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    /** One model's result in a run. */
    public record Result(String model, boolean simulated, double score, double low, double high, long costPerCaseMicros, double p95) {
        public static Result of(String model, double score, double halfWidth, long costPerCase) {
            return new Result(model, false, score, score - halfWidth, score + halfWidth, costPerCase, 100 + 1000 * score);
        }
    }

    /** A completed run of {@code results}' models on the benchmark's version and content hash, with {@code cases} cases. */
    public RunId completedRun(String requestedBy, String benchmarkId, long version, String contentHash, int cases, List<Result> results) {
        var id = RunId.generate();
        jdbc.update("INSERT INTO run_lease (run_id, node_id, expires_at) VALUES (?, 'test-script', now() + interval '1 day')", id.value());
        List<String> models = results.stream().map(Result::model).toList();
        List<String> simulated = results.stream().filter(Result::simulated).map(Result::model).toList();
        List<String> caseIds = IntStream.rangeClosed(1, cases).mapToObj(i -> "c" + i).toList();
        var request = new RunRequested(id, new BenchmarkId(benchmarkId), version, contentHash, new UserId(requestedBy), models, simulated,
                1, Billing.BYOK, RunParams.DEFAULTS, caseIds, List.of(new Grader.Exact(null, null)), List.of(), List.of(), "api", 3600,
                null, null);
        var summaries = new ArrayList<ModelSummary>();
        for (Result r : results) {
            summaries.add(new ModelSummary(r.model(), r.simulated(), cases, 0, cases, r.score(), r.low(), r.high(), r.score(),
                    r.low(), r.high(), 50.0, r.p95(), r.p95(), r.costPerCaseMicros() * cases, r.costPerCaseMicros(), 0, null));
        }
        eventStore.publish(List.of(new GenericDomainEventMessage<>("Run", id.value(), 0, request),
                new GenericDomainEventMessage<>("Run", id.value(), 1, new RunStarted(id)),
                new GenericDomainEventMessage<>("Run", id.value(), 2, new RunCompleted(id, summaries, null))));
        return id;
    }
}

package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Optimistic concurrency over HTTP: a stale If-Match fails with 412, and no edit is ever lost. */
class ConcurrentEditTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void two_concurrent_edits_with_the_same_if_match_give_one_success_and_one_412() throws Exception {
        String id = createBenchmark(alice, "Contested", "PRIVATE");
        List<Integer> statuses = race(
                2,
                i -> send(
                                "PATCH",
                                "/api/benchmarks/" + id,
                                alice,
                                "{\"title\": \"Edit " + i + "\"}",
                                "If-Match",
                                "\"1\"")
                        .status());

        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        assertThat(eventCount(id)).isEqualTo(2);
        assertThat(get("/api/benchmarks/" + id, alice).body().get("version").asLong())
                .isEqualTo(2);
    }

    @Test
    void a_412_names_the_current_version() {
        String id = createBenchmark(alice, "Stale", "PRIVATE");
        send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Fresh\"}");
        Response stale =
                send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Stale edit\"}", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stale.body().get("currentVersion").asLong()).isEqualTo(2);
        assertThat(get("/api/benchmarks/" + id, alice).body().get("title").asText())
                .isEqualTo("Fresh");
    }

    @Test
    void concurrent_edits_without_if_match_are_all_applied_one_after_the_other() throws Exception {
        String id = createBenchmark(alice, "Busy", "PRIVATE");
        int writers = 16;
        List<Integer> statuses = race(
                writers,
                i -> send("POST", "/api/benchmarks/" + id + "/cases", alice, "{\"input\": \"question " + i + "\"}")
                        .status());

        assertThat(statuses).allMatch(status -> status == 200);
        var current = get("/api/benchmarks/" + id, alice).body();
        assertThat(current.get("version").asLong()).isEqualTo(1 + writers);
        assertThat(current.get("cases")).hasSize(2 + writers);
    }

    @Test
    void a_malformed_or_weak_if_match_is_a_400() {
        String id = createBenchmark(alice, "Header", "PRIVATE");
        Response bad = send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"x\"}", "If-Match", "version-one");
        assertThat(bad.status()).isEqualTo(400);
        Response weak = send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"x\"}", "If-Match", "W/\"1\"");
        assertThat(weak.status()).as("If-Match compares strongly").isEqualTo(400);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    private interface Call {
        int run(int index) throws Exception;
    }

    /** Starts {@code n} calls at the same moment and returns their statuses. */
    private static List<Integer> race(int n, Call call) throws Exception {
        var start = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Integer>>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.run(index);
                }));
            }
            start.countDown();
            var statuses = new ArrayList<Integer>();
            for (Future<Integer> f : futures) statuses.add(f.get());
            return statuses;
        }
    }

    /**
     * Two nodes that both decided on version 1 append at the same sequence number: the loser must get
     * Axon's ConcurrencyException (which the command gateway retries on fresh state, giving a 412 or a
     * clean second edit), never a generic store error (a 500). PostgreSQL reports the unique violation
     * as SQLState 23505 inside a batch exception.
     */
    @Test
    void an_append_at_a_taken_sequence_number_is_a_concurrency_conflict() {
        String id = createBenchmark(alice, "Raced", "PRIVATE");
        assertThat(send("PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Won the race\"}")
                        .status())
                .isEqualTo(200);
        var late = new GenericDomainEventMessage<>(
                "Benchmark", id, 1, new BenchmarkPublished(new BenchmarkId(id), new UserId(alice.id()), 2));
        assertThatThrownBy(() -> eventStore.publish(late)).isInstanceOf(ConcurrencyException.class);
        assertThat(eventCount(id)).isEqualTo(2);
    }
}

package io.benchmarkhub.api.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.command.credits.ReservationSweeper;
import io.benchmarkhub.command.credits.store.PendingReservations;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.commands.ReserveCredits;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A node that dies between reserving a run's credits and recording the run leaves a reservation that no run will
 * charge or release. The sweeper releases it once the grace period is over, exactly once however many nodes sweep
 * at the same moment; a reservation within its grace period, or whose run was recorded, is left alone.
 */
class ReservationSweeperTest extends ApiTestBase {

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    ReservationSweeper sweeper;

    @Autowired
    PendingReservations pending;

    @Test
    void a_reservation_left_by_a_crash_is_released_once_by_two_sweeps_at_the_same_time() throws Exception {
        AccountId account = AccountId.of(new UserId(alice.id()));
        grant(account, 100);
        RunId orphan = RunId.generate();
        RunId recent = RunId.generate();
        // what the launcher does before it records the run; then the node "dies"
        for (RunId run : List.of(orphan, recent)) {
            pending.open(account, run);
            commands.sendAndWait(new ReserveCredits(account, run, 30));
        }
        jdbc.update(
                "UPDATE pending_reservation SET reserved_at = now() - interval '1 hour' WHERE run_id = ?",
                orphan.value());

        var start = new CountDownLatch(1);
        Callable<Integer> sweep = () -> {
            start.await();
            return sweeper.sweep();
        };
        try (var nodes = Executors.newFixedThreadPool(2)) {
            Future<Integer> a = nodes.submit(sweep);
            Future<Integer> b = nodes.submit(sweep);
            start.countDown();
            // the application's own scheduled sweep may take part too: together they release the orphan at most once
            assertThat(a.get() + b.get()).isLessThanOrEqualTo(1);
        }

        assertThat(releases(account, orphan)).as("the orphan, once").isEqualTo(1);
        assertThat(releases(account, recent)).as("within its grace period").isZero();
        assertThat(jdbc.queryForList(
                        "SELECT run_id FROM pending_reservation WHERE run_id IN (?, ?)",
                        String.class,
                        orphan.value(),
                        recent.value()))
                .containsExactly(recent.value());
        eventually(
                () -> get("/api/credits/balance", alice)
                                .body()
                                .path("available")
                                .asLong()
                        == 70,
                "only the recent one is held");
        sweeper.sweep();
        assertThat(releases(account, orphan))
                .as("a later sweep changes nothing")
                .isEqualTo(1);
    }

    @Test
    void a_reservation_whose_run_was_recorded_is_left_to_the_run() {
        awaitCatalogue("openai/gpt-4o");
        AccountId account = AccountId.of(new UserId(bob.id()));
        grant(account, 100);
        String benchmark = createBenchmark(bob, """
                {"title": "Swept", "cases": [{"input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""");
        Response started = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        RunId run = new RunId(started.body().path("id").asText());
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM pending_reservation WHERE run_id = ?", Long.class, run.value()))
                .as("the launcher closes its pending reservation with the run")
                .isZero();
        // whatever the sweeper does meanwhile, the run is charged and releases the rest itself: one release, no more
        sweeper.sweep();
        eventually(() -> releases(account, run) == 1, "the run is charged and releases the rest");
        sweeper.sweep();
        assertThat(releases(account, run)).isEqualTo(1);
    }

    private void grant(AccountId account, long credits) {
        Response granted =
                send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "%s", "credits": %d, "reason": "sweeper test"}""".formatted(account.value(), credits));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
    }

    private long releases(AccountId account, RunId run) {
        return eventStore
                .readEvents(account.value())
                .asStream()
                .map(m -> m.getPayload())
                .filter(p -> p instanceof ReservationReleased r && r.runId().equals(run))
                .count();
    }
}

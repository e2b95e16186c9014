package io.benchmarkhub.command.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.RunParams;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The per-call budget of a CREDITS run. With the default pricing (1 credit = 1,000 µ$, ×1.3), 10 credits cover
 * 7,692 µ$ of API cost: ⌈7,692 × 1.3 ÷ 1,000⌉ = 10, ⌈7,693 × 1.3 ÷ 1,000⌉ = 11.
 */
class CallBudgetTest {

    private static final CreditPricing PRICING = new CreditPricing(1_000, 13_000);

    private static RunRequested request(Billing billing, Long reserved) {
        return new RunRequested(
                RunId.generate(),
                new BenchmarkId("bm_1"),
                1,
                "hash",
                new UserId("usr_1"),
                List.of("openai/gpt-4o"),
                List.of(),
                1,
                billing,
                RunParams.DEFAULTS,
                List.of("c1"),
                List.of(),
                List.of(),
                List.of(),
                "api",
                60,
                reserved,
                billing == Billing.CREDITS ? PRICING : null);
    }

    private static OptionalLong bound(long micros) {
        return OptionalLong.of(micros);
    }

    @Test
    void a_call_is_held_while_the_reservation_covers_its_bound_with_what_was_spent_and_what_is_in_flight()
            throws Exception {
        var budget = CallBudget.of(request(Billing.CREDITS, 10L), 2_000);
        var first = budget.hold("m", () -> bound(3_000));
        var second = budget.hold("m", () -> bound(2_692));
        assertThat(budget.usedUp()).isFalse();
        first.settle(100);
        second.settle(100);
        // 2,200 spent: a bound of 5,492 still fits, 5,493 does not
        budget.hold("m", () -> bound(5_492)).release();
        assertThatThrownBy(() -> budget.hold("m", () -> bound(5_493))).isInstanceOf(CallBudget.UsedUp.class);
        assertThat(budget.usedUp()).isTrue();
        assertThat(budget.reason()).contains("10 credits reserved").contains("5493 µ$");
        assertThatThrownBy(() -> budget.hold("m", () -> bound(1)))
                .as("used up stays used up")
                .isInstanceOf(CallBudget.UsedUp.class);
    }

    @Test
    void a_call_that_does_not_fit_beside_the_calls_in_flight_waits_for_them_and_goes_when_their_real_cost_leaves_room()
            throws Exception {
        var budget = CallBudget.of(request(Billing.CREDITS, 10L), 0);
        var inFlight = budget.hold("m", () -> bound(7_000));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiting = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return budget.hold("m", () -> bound(7_000));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads);
            assertThatThrownBy(() -> waiting.get(200, TimeUnit.MILLISECONDS))
                    .as("it waits")
                    .isInstanceOf(TimeoutException.class);
            inFlight.settle(500);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(budget.usedUp()).isFalse();
    }

    @Test
    void a_waiting_call_gives_up_when_the_calls_in_flight_leave_too_little() throws Exception {
        var budget = CallBudget.of(request(Billing.CREDITS, 10L), 0);
        var inFlight = budget.hold("m", () -> bound(7_000));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiting = CompletableFuture.runAsync(
                    () -> {
                        try {
                            budget.hold("m", () -> bound(7_000));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads);
            inFlight.settle(1_000);
            assertThat(waiting)
                    .failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableThat()
                    .withCauseInstanceOf(CallBudget.UsedUp.class);
        }
    }

    @Test
    void a_paid_call_whose_price_is_not_known_is_not_sent() {
        var budget = CallBudget.of(request(Billing.CREDITS, 10L), 0);
        assertThatThrownBy(() -> budget.hold("openrouter/auto", OptionalLong::empty))
                .isInstanceOf(CallBudget.UsedUp.class);
        assertThat(budget.reason()).contains("price of openrouter/auto is not known");
    }

    @Test
    void byok_runs_and_free_calls_hold_nothing() throws Exception {
        var byok = CallBudget.of(request(Billing.BYOK, null), 0);
        assertThat(byok.limited()).isFalse();
        byok.hold("m", () -> {
                    throw new AssertionError("a BYOK call is not bounded");
                })
                .settle(1_000_000);
        var nothingReserved = CallBudget.of(request(Billing.CREDITS, 0L), 0);
        nothingReserved.hold("sim/echo", () -> bound(0)).release();
        assertThatThrownBy(() -> nothingReserved.hold("m", () -> bound(1))).isInstanceOf(CallBudget.UsedUp.class);
    }
}

package io.benchmarkhub.command.run.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyLimitTest {

    @Test
    void starts_at_the_maximum() {
        var limit = new AdaptiveConcurrencyLimit(16, 5);
        assertThat(limit.limit()).isEqualTo(16);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void a_rate_limit_halves_the_limit_down_to_one() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(16, 5);
        int[] expected = {8, 4, 2, 1, 1};
        for (int value : expected) {
            limit.acquire().rateLimited();
            assertThat(limit.limit()).isEqualTo(value);
        }
    }

    @Test
    void successes_in_a_row_raise_the_limit_by_one_up_to_the_maximum() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(4, 3);
        limit.acquire().rateLimited();
        limit.acquire().rateLimited();
        assertThat(limit.limit()).isEqualTo(1);
        for (int i = 0; i < 3; i++) limit.acquire().success();
        assertThat(limit.limit()).isEqualTo(2);
        for (int i = 0; i < 2; i++) limit.acquire().success();
        assertThat(limit.limit()).isEqualTo(2);
        limit.acquire().success();
        assertThat(limit.limit()).isEqualTo(3);
        for (int i = 0; i < 30; i++) limit.acquire().success();
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void a_rate_limit_restarts_the_count_of_successes() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(8, 3);
        limit.acquire().rateLimited(); // 4
        limit.acquire().success();
        limit.acquire().success();
        limit.acquire().rateLimited(); // 2, count restarts
        limit.acquire().success();
        limit.acquire().success();
        assertThat(limit.limit()).isEqualTo(2);
        limit.acquire().success();
        assertThat(limit.limit()).isEqualTo(3);
    }

    @Test
    void other_failures_change_nothing() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(8, 1);
        limit.acquire().rateLimited();
        limit.acquire().ignored();
        assertThat(limit.limit()).isEqualTo(4);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void one_burst_of_rate_limits_in_flight_together_halves_the_limit_once() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(16, 5);
        var permits = new ArrayList<AdaptiveConcurrencyLimit.Permit>();
        for (int i = 0; i < 16; i++) permits.add(limit.acquire());
        permits.forEach(AdaptiveConcurrencyLimit.Permit::rateLimited);
        assertThat(limit.limit()).isEqualTo(8);
        // a call sent under the new limit that is rate-limited again halves it again
        limit.acquire().rateLimited();
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void a_permit_can_be_returned_only_once() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(2, 1);
        var permit = limit.acquire();
        permit.success();
        assertThatThrownBy(permit::success).isInstanceOf(IllegalStateException.class);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void never_lets_more_calls_in_than_the_limit() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(3, 100);
        var inside = new AtomicInteger();
        var most = new AtomicInteger();
        var start = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                threads.submit(() -> {
                    start.await();
                    return limit.call(() -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        return null;
                    });
                });
            }
            start.countDown();
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void a_waiter_gets_in_when_a_permit_comes_back() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(1, 1);
        var held = limit.acquire();
        var entered = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(() -> {
                limit.acquire().success();
                entered.countDown();
                return null;
            });
            assertThat(entered.getCount()).isEqualTo(1);
            held.success();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void call_classifies_its_outcome() throws Exception {
        var limit = new AdaptiveConcurrencyLimit(8, 100);
        try {
            limit.call(() -> {
                throw new ProviderFailure(ProviderFailure.Kind.RATE_LIMITED, "429");
            });
        } catch (ProviderFailure expected) {
            // the point is the limit
        }
        assertThat(limit.limit()).isEqualTo(4);
        try {
            limit.call(() -> {
                throw new ProviderFailure(ProviderFailure.Kind.SERVER_ERROR, "500");
            });
        } catch (ProviderFailure expected) {
            // unchanged
        }
        assertThat(limit.limit()).isEqualTo(4);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void settings_below_one_are_refused() {
        assertThatThrownBy(() -> new AdaptiveConcurrencyLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdaptiveConcurrencyLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

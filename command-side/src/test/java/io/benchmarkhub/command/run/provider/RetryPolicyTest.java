package io.benchmarkhub.command.run.provider;

import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.CANCELLED;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.CLIENT_ERROR;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.MALFORMED_RESPONSE;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.NETWORK;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.RATE_LIMITED;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.SERVER_ERROR;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final List<Duration> slept = new ArrayList<>();
    private final Sleeper recordingSleeper = slept::add;

    private RetryPolicy policy(int maxAttempts, double random) {
        return new RetryPolicy(
                maxAttempts,
                Duration.ofMillis(100),
                Duration.ofMillis(1000),
                Duration.ofSeconds(60),
                () -> random,
                recordingSleeper);
    }

    private static ProviderCall<String> failingThen(
            AtomicInteger calls, List<ProviderFailure> failures, String answer) {
        return () -> {
            int n = calls.getAndIncrement();
            if (n < failures.size()) throw failures.get(n);
            return answer;
        };
    }

    private static ProviderFailure failure(ProviderFailure.Kind kind) {
        return new ProviderFailure(kind, kind.name());
    }

    private static ProviderFailure rateLimited(Duration retryAfter) {
        return new ProviderFailure(RATE_LIMITED, "429", 429, retryAfter, null);
    }

    @Test
    void retryable_failures_are_retried_until_the_call_succeeds() throws Exception {
        var calls = new AtomicInteger();
        String answer = policy(4, 0.5)
                .execute(failingThen(calls, List.of(failure(SERVER_ERROR), failure(TIMEOUT), failure(NETWORK)), "ok"));
        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(4);
    }

    @Test
    void full_jitter_waits_a_random_share_of_a_doubling_ceiling_capped_at_max_delay() throws Exception {
        var calls = new AtomicInteger();
        var failures = new ArrayList<ProviderFailure>();
        for (int i = 0; i < 5; i++) failures.add(failure(SERVER_ERROR));
        policy(6, 0.5).execute(failingThen(calls, failures, "ok"));
        // ceilings 100, 200, 400, 800, 1000 (capped) ms; half of each
        assertThat(slept)
                .containsExactly(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(500));
    }

    @Test
    void jitter_spans_zero_to_the_ceiling() {
        assertThat(policy(3, 0.0).backoff(3)).isEqualTo(Duration.ZERO);
        assertThat(policy(3, 0.999).backoff(3)).isEqualTo(Duration.ofMillis(399));
    }

    @Test
    void a_longer_retry_after_is_honoured_and_a_shorter_one_does_not_shorten_the_backoff() throws Exception {
        var calls = new AtomicInteger();
        policy(3, 0.5)
                .execute(failingThen(
                        calls, List.of(rateLimited(Duration.ofSeconds(3)), rateLimited(Duration.ofMillis(10))), "ok"));
        assertThat(slept).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(100));
    }

    @Test
    void a_retry_after_beyond_the_maximum_ends_the_retries() {
        var calls = new AtomicInteger();
        var tooLong = rateLimited(Duration.ofMinutes(5));
        var thrown = catchThrowableOfType(
                ProviderFailure.class, () -> policy(4, 0.5).execute(failingThen(calls, List.of(tooLong), "ok")));
        assertThat(thrown).isSameAs(tooLong);
        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void non_retryable_failures_are_thrown_at_once() {
        for (var kind : List.of(CLIENT_ERROR, MALFORMED_RESPONSE, CANCELLED)) {
            var calls = new AtomicInteger();
            var thrown = catchThrowableOfType(
                    ProviderFailure.class,
                    () -> policy(4, 0.5).execute(failingThen(calls, List.of(failure(kind)), "ok")));
            assertThat(thrown.kind()).isEqualTo(kind);
            assertThat(calls).hasValue(1);
        }
        assertThat(slept).isEmpty();
    }

    @Test
    void after_the_last_attempt_the_last_failure_is_thrown_with_the_earlier_ones_suppressed() {
        var calls = new AtomicInteger();
        var first = failure(SERVER_ERROR);
        var second = failure(TIMEOUT);
        var third = rateLimited(null);
        var thrown = catchThrowableOfType(
                ProviderFailure.class,
                () -> policy(3, 0.5)
                        .execute(failingThen(calls, List.of(first, second, third, failure(SERVER_ERROR)), "ok")));
        assertThat(thrown).isSameAs(third);
        assertThat(thrown.getSuppressed()).containsExactly(first, second);
        assertThat(calls).hasValue(3);
        assertThat(slept).hasSize(2);
    }

    @Test
    void one_attempt_means_no_retries() {
        var calls = new AtomicInteger();
        assertThat(catchThrowableOfType(
                        ProviderFailure.class,
                        () -> policy(1, 0.5).execute(failingThen(calls, List.of(failure(SERVER_ERROR)), "ok"))))
                .isNotNull();
        assertThat(calls).hasValue(1);
    }

    @Test
    void the_listener_hears_of_each_retry_and_its_wait() throws Exception {
        var heard = new ArrayList<String>();
        var calls = new AtomicInteger();
        policy(3, 0.5)
                .execute(
                        failingThen(calls, List.of(failure(SERVER_ERROR), failure(TIMEOUT)), "ok"),
                        (attempt, failure, wait) -> heard.add(attempt + ":" + failure.kind() + ":" + wait.toMillis()));
        assertThat(heard).containsExactly("1:SERVER_ERROR:50", "2:TIMEOUT:100");
    }

    @Test
    void an_interrupt_while_backing_off_cancels_and_keeps_the_interrupt() {
        var policy = new RetryPolicy(
                4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5, duration -> {
                    throw new InterruptedException();
                });
        var calls = new AtomicInteger();
        try {
            var thrown = catchThrowableOfType(
                    ProviderFailure.class,
                    () -> policy.execute(failingThen(calls, List.of(failure(SERVER_ERROR)), "ok")));
            assertThat(thrown.kind()).isEqualTo(CANCELLED);
            assertThat(thrown.getCause()).isInstanceOf(ProviderFailure.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }
}

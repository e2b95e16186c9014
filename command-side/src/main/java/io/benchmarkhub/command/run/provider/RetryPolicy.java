package io.benchmarkhub.command.run.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Retries retryable provider failures (rate limits, server errors, timeouts, network) with
 * exponential backoff and full jitter: before retry n (1, 2, …) it waits a uniform random time in
 * {@code [0, min(maxDelay, baseDelay × 2^(n-1))]}, or the server's {@code Retry-After} when that is
 * longer. A {@code Retry-After} beyond {@code maxRetryAfter} ends the retries at once: waiting that
 * long inside a run is worse than recording the failure. Non-retryable failures are thrown at once.
 * The last failure is thrown with the earlier ones attached as suppressed exceptions.
 *
 * @param maxAttempts   attempts in all, including the first (1 = no retries)
 * @param random        uniform in [0,1): injectable for tests
 * @param sleeper       injectable for tests
 */
public record RetryPolicy(
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay,
        Duration maxRetryAfter,
        DoubleSupplier random,
        Sleeper sleeper) {

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(sleeper, "sleeper");
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** Observes each retry before its wait, e.g. to count or log it. */
    @FunctionalInterface
    public interface RetryListener {
        RetryListener NONE = (attempt, failure, wait) -> {};

        /** @param attempt the attempt that failed (1-based) */
        void retrying(int attempt, ProviderFailure failure, Duration wait);
    }

    public <T> T execute(ProviderCall<T> call) throws ProviderFailure {
        return execute(call, RetryListener.NONE);
    }

    public <T> T execute(ProviderCall<T> call, RetryListener listener) throws ProviderFailure {
        List<ProviderFailure> earlier = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ProviderFailure failure) {
                Duration retryAfter = failure.retryAfter().orElse(Duration.ZERO);
                if (!failure.retryable() || attempt >= maxAttempts || retryAfter.compareTo(maxRetryAfter) > 0) {
                    throw withEarlier(failure, earlier);
                }
                Duration wait = max(backoff(attempt), retryAfter);
                listener.retrying(attempt, failure, wait);
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw withEarlier(
                            new ProviderFailure(
                                    ProviderFailure.Kind.CANCELLED,
                                    "cancelled while waiting to retry after: " + failure.getMessage(),
                                    null,
                                    null,
                                    failure),
                            earlier);
                }
                earlier.add(failure);
            }
        }
    }

    private static ProviderFailure withEarlier(ProviderFailure last, List<ProviderFailure> earlier) {
        for (ProviderFailure failure : earlier) {
            if (failure != last) last.addSuppressed(failure);
        }
        return last;
    }

    /** The full-jitter wait before retry number {@code attempt} (1-based). */
    Duration backoff(int attempt) {
        long base = baseDelay.toMillis();
        int shift = Math.min(attempt - 1, 30);
        long ceiling =
                base > (Long.MAX_VALUE >> shift) ? maxDelay.toMillis() : Math.min(maxDelay.toMillis(), base << shift);
        double r = random.getAsDouble();
        return Duration.ofMillis((long) Math.floor(r * ceiling));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

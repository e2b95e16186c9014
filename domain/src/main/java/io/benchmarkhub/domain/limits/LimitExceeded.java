package io.benchmarkhub.domain.limits;

import java.time.Duration;

/**
 * A fair-use limit was reached (docs/limits.md). The API answers 429 problem+json with {@code Retry-After} and the
 * limit's name; nothing was recorded.
 *
 * @see #limit() the setting's name under {@code benchmarkhub.limits}, e.g. {@code concurrent-runs}
 */
public final class LimitExceeded extends RuntimeException {

    private final String limit;
    private final long max;
    private final Duration retryAfter;

    public LimitExceeded(String limit, long max, Duration retryAfter, String message) {
        super(message);
        this.limit = limit;
        this.max = max;
        this.retryAfter = retryAfter.isNegative() || retryAfter.isZero() ? Duration.ofSeconds(1) : retryAfter;
    }

    public String limit() {
        return limit;
    }

    public long max() {
        return max;
    }

    /** When trying again may succeed; at least a second. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, rounded up, for the {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}

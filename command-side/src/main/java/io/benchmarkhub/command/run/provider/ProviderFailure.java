package io.benchmarkhub.command.run.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model call that did not produce an answer. The message is safe to record in an event and
 * show to users: it never contains an API key (providers redact keys from anything a server
 * echoes back, see {@link #redact}).
 */
public class ProviderFailure extends Exception {

    public enum Kind {
        /** 429: slow down, maybe after {@link #retryAfter()}. */
        RATE_LIMITED,
        /** 5xx, or an error the provider reports inside a 200 body. */
        SERVER_ERROR,
        /** No complete answer within the request timeout (or no connection within the connect timeout). */
        TIMEOUT,
        /** 200 but no usable answer: unparsable or empty body, no choices, no content. */
        MALFORMED_RESPONSE,
        /** Other 4xx, an unknown model, a missing API key: retrying will not help. */
        CLIENT_ERROR,
        /** Connection refused or reset, DNS, TLS: the request may not have arrived. */
        NETWORK,
        /** The calling thread was interrupted (the run was cancelled); the interrupt flag is set again. */
        CANCELLED
    }

    private final Kind kind;
    private final Integer httpStatus;
    private final Duration retryAfter;

    public ProviderFailure(Kind kind, String message, Integer httpStatus, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public ProviderFailure(Kind kind, String message) {
        this(kind, message, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the same call may succeed later: rate limits, server errors, timeouts and network failures. */
    public boolean retryable() {
        return switch (kind) {
            case RATE_LIMITED, SERVER_ERROR, TIMEOUT, NETWORK -> true;
            case MALFORMED_RESPONSE, CLIENT_ERROR, CANCELLED -> false;
        };
    }

    /** Replaces every occurrence of each non-blank secret in {@code text} with {@code <redacted>}. */
    public static String redact(String text, String... secrets) {
        if (text == null) return null;
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) result = result.replace(secret, "<redacted>");
        }
        return result;
    }

    @Override
    public String toString() {
        return "ProviderFailure[" + kind + (httpStatus == null ? "" : " " + httpStatus) + "]: " + getMessage();
    }
}

package io.benchmarkhub.command.run.provider;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfter {

    private RetryAfter() {}

    /**
     * The wait the header asks for: seconds (whole, or decimal as some gateways send), or the time
     * until an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}), zero when that date has passed.
     * Empty for a missing, negative or unreadable header.
     */
    public static Optional<Duration> parse(String header, Clock clock) {
        if (header == null || header.isBlank()) return Optional.empty();
        String value = header.strip();
        if (Character.isDigit(value.charAt(0))) {
            try {
                BigDecimal seconds = new BigDecimal(value);
                if (seconds.signum() < 0) return Optional.empty();
                return Optional.of(Duration.ofMillis(seconds.movePointRight(3)
                        .setScale(0, java.math.RoundingMode.CEILING)
                        .longValueExact()));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package io.benchmarkhub.command.run.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void delay_seconds() {
        assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", CLOCK)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("1.5", CLOCK)).contains(Duration.ofMillis(1500));
    }

    @Test
    void an_http_date_is_the_time_until_then() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:45 GMT", CLOCK)).contains(Duration.ofSeconds(45));
    }

    @Test
    void a_date_in_the_past_means_now() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void missing_negative_or_garbage_is_empty() {
        assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("12abc", CLOCK)).isEmpty();
    }
}

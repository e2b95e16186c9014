package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void an_interval_contains_its_closed_bounds_and_nothing_outside() {
        var ci = new Interval(0.5, 0.25, 0.75);
        assertThat(ci.contains(0.25)).isTrue();
        assertThat(ci.contains(0.75)).isTrue();
        assertThat(ci.contains(0.76)).isFalse();
        assertThat(ci.width()).isEqualTo(0.5);
    }

    @Test
    void the_empty_interval_contains_nothing_and_has_nan_width() {
        assertThat(Interval.EMPTY.isEmpty()).isTrue();
        assertThat(Interval.EMPTY.contains(0)).isFalse();
        assertThat(Interval.EMPTY.width()).isNaN();
    }

    @Test
    void bounds_in_the_wrong_order_are_rejected() {
        assertThatThrownBy(() -> new Interval(0.5, 0.75, 0.25)).isInstanceOf(IllegalArgumentException.class);
    }
}

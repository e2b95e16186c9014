package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

    private static final double FOUR_DECIMALS = 0.00005;

    @Test
    void seventeen_of_twenty_gives_0_6396_to_0_9476() {
        // p = .85, z²/n = .192073: centre .793608, half-width .154026
        var ci = WilsonInterval.of(17, 20);
        assertThat(ci.estimate()).isEqualTo(0.85);
        assertThat(ci.lower()).isCloseTo(0.6396, within(FOUR_DECIMALS));
        assertThat(ci.upper()).isCloseTo(0.9476, within(FOUR_DECIMALS));
    }

    @Test
    void zero_of_ten_starts_at_exactly_zero_and_ends_at_z2_over_n_plus_z2() {
        var ci = WilsonInterval.of(0, 10);
        double z2 = WilsonInterval.Z_95 * WilsonInterval.Z_95;
        assertThat(ci.lower()).isZero();
        assertThat(ci.upper()).isCloseTo(z2 / (10 + z2), within(1e-12)).isCloseTo(0.2775, within(FOUR_DECIMALS));
    }

    @Test
    void ten_of_ten_ends_at_exactly_one_and_mirrors_zero_of_ten() {
        var ci = WilsonInterval.of(10, 10);
        assertThat(ci.upper()).isEqualTo(1.0);
        assertThat(ci.lower())
                .isCloseTo(1 - WilsonInterval.of(0, 10).upper(), within(1e-12))
                .isCloseTo(0.7225, within(FOUR_DECIMALS));
    }

    @Test
    void newcombes_worked_examples_are_reproduced_to_four_decimals() {
        // Newcombe (1998), Stat. Med. 17:857, score method without continuity correction
        assertBounds(WilsonInterval.of(81, 263), 0.2553, 0.3662);
        assertBounds(WilsonInterval.of(15, 148), 0.0624, 0.1605);
        assertBounds(WilsonInterval.of(0, 20), 0.0000, 0.1611);
        assertBounds(WilsonInterval.of(1, 29), 0.0061, 0.1718);
    }

    @Test
    void no_trials_give_the_empty_all_nan_interval() {
        var ci = WilsonInterval.of(0, 0);
        assertThat(ci.isEmpty()).isTrue();
        assertThat(ci.lower()).isNaN();
        assertThat(ci.upper()).isNaN();
    }

    @Test
    void the_interval_narrows_as_trials_grow_at_the_same_rate() {
        var small = WilsonInterval.of(17, 20);
        var large = WilsonInterval.of(1700, 2000);
        assertThat(large.width()).isLessThan(small.width() / 5);
        assertThat(large.contains(0.85)).isTrue();
    }

    @Test
    void a_z_of_zero_collapses_to_the_observed_proportion() {
        var ci = WilsonInterval.of(3, 4, 0);
        assertThat(ci.lower()).isCloseTo(0.75, within(1e-15));
        assertThat(ci.upper()).isCloseTo(0.75, within(1e-15));
    }

    @Test
    void impossible_counts_are_rejected() {
        assertThatThrownBy(() -> WilsonInterval.of(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WilsonInterval.of(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WilsonInterval.of(1, 10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBounds(Interval ci, double lower, double upper) {
        assertThat(ci.lower()).isCloseTo(lower, within(FOUR_DECIMALS));
        assertThat(ci.upper()).isCloseTo(upper, within(FOUR_DECIMALS));
    }
}

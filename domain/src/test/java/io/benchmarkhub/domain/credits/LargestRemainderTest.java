package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void ten_by_one_one_one_is_four_three_three_the_earlier_part_winning_the_tie() {
        assertThat(LargestRemainder.split(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
    }

    @Test
    void the_units_left_over_go_to_the_largest_remainders() {
        // 17 × 1000 / 3000 = 5 r 2000, 17 × 2000 / 3000 = 11 r 1000: the one unit left goes to the first part
        assertThat(LargestRemainder.split(17, new long[] {1000, 2000})).containsExactly(6, 11);
        // 100 × 3/7 = 42 r 6 (twice), 100 × 1/7 = 14 r 2: two units left, one each to the two largest remainders
        assertThat(LargestRemainder.split(100, new long[] {3, 3, 1})).containsExactly(43, 43, 14);
    }

    @Test
    void exact_quotas_are_kept_and_a_zero_weight_gets_nothing() {
        assertThat(LargestRemainder.split(5, new long[] {2, 0, 3})).containsExactly(2, 0, 3);
        assertThat(LargestRemainder.split(12_345, new long[] {10_000, 2_345, 0}))
                .containsExactly(10_000, 2_345, 0);
    }

    @Test
    void with_every_weight_zero_the_split_is_even() {
        assertThat(LargestRemainder.split(7, new long[] {0, 0, 0})).containsExactly(3, 2, 2);
        assertThat(LargestRemainder.split(0, new long[] {0, 0})).containsExactly(0, 0);
    }

    @Test
    void large_totals_and_weights_do_not_overflow() {
        long[] parts = LargestRemainder.split(1_000_000_000L, new long[] {999_999_999_999L, 1_000_000_000_001L});
        assertThat(parts[0] + parts[1]).isEqualTo(1_000_000_000L);
        assertThat(parts).containsExactly(500_000_000L, 500_000_000L);
    }

    @Test
    void negative_totals_and_weights_and_a_total_without_parts_are_refused() {
        assertThatThrownBy(() -> LargestRemainder.split(-1, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LargestRemainder.split(1, new long[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LargestRemainder.split(1, new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(LargestRemainder.split(0, new long[0])).isEmpty();
    }
}

package io.benchmarkhub.domain.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchmarkhub.domain.leaderboard.RankRanges.RankRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankRangesTest {

    @Test
    void models_whose_intervals_overlap_share_a_rank_range_and_separated_ones_do_not() {
        // A and B overlap; both are clearly above C and D; C is clearly above D
        var ranges = RankRanges.of(
                List.of(new double[] {0.80, 0.90}, new double[] {0.75, 0.85}, new double[] {0.50, 0.60}, new double[] {
                    0.10, 0.20
                }));

        assertThat(ranges)
                .containsExactly(new RankRange(1, 2), new RankRange(1, 2), new RankRange(3, 3), new RankRange(4, 4));
    }

    @Test
    void an_interval_overlapping_two_separated_ones_spans_both_their_ranks() {
        // B overlaps A and C, A and C do not overlap
        var ranges =
                RankRanges.of(List.of(new double[] {0.7, 0.8}, new double[] {0.55, 0.75}, new double[] {0.5, 0.6}));

        assertThat(ranges).containsExactly(new RankRange(1, 2), new RankRange(1, 3), new RankRange(2, 3));
    }

    @Test
    void intervals_that_touch_at_one_point_overlap() {
        assertThat(RankRanges.of(List.of(new double[] {0.5, 0.6}, new double[] {0.4, 0.5})))
                .containsExactly(new RankRange(1, 2), new RankRange(1, 2));
    }

    @Test
    void a_reversed_interval_is_refused() {
        assertThatThrownBy(() -> RankRanges.of(List.of(new double[] {0.6, 0.5})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

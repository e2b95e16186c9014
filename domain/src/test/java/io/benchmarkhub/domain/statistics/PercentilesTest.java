package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.statistics.Percentiles.Method;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

    @Test
    void latencies_one_to_a_hundred_have_p50_50_5_p95_95_05_and_p99_99_01() {
        // type 7: h = 99q, so p95 = x[94] + .05·(x[95] - x[94]) = 95.05 (1-based values)
        var p = Percentiles.of(ONE_TO_HUNDRED);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isCloseTo(50.5, within(1e-9));
        assertThat(p.p95()).isCloseTo(95.05, within(1e-9));
        assertThat(p.p99()).isCloseTo(99.01, within(1e-9));
    }

    @Test
    void nearest_rank_on_one_to_a_hundred_gives_the_rank_itself() {
        double[] values = LongStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Percentiles.quantile(values, 0.50, Method.NEAREST_RANK)).isEqualTo(50);
        assertThat(Percentiles.quantile(values, 0.95, Method.NEAREST_RANK)).isEqualTo(95);
        assertThat(Percentiles.quantile(values, 0.99, Method.NEAREST_RANK)).isEqualTo(99);
    }

    @Test
    void a_rank_that_floating_point_puts_just_above_an_integer_is_not_rounded_up() {
        // 0.07 * 100 = 7.000000000000001 in binary floating point
        double[] values = LongStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Percentiles.quantile(values, 0.07, Method.NEAREST_RANK)).isEqualTo(7);
    }

    @Test
    void the_textbook_five_values_give_29_by_interpolation_and_20_by_nearest_rank_at_the_40th_percentile() {
        double[] values = {50, 15, 40, 20, 35};
        assertThat(Percentiles.quantile(values, 0.40, Method.LINEAR)).isCloseTo(29, within(1e-12));
        assertThat(Percentiles.quantile(values, 0.40, Method.NEAREST_RANK)).isEqualTo(20);
        assertThat(Percentiles.quantile(values, 0.30, Method.NEAREST_RANK)).isEqualTo(20);
        assertThat(Percentiles.quantile(values, 0.50, Method.NEAREST_RANK)).isEqualTo(35);
        assertThat(values).containsExactly(50, 15, 40, 20, 35);
    }

    @Test
    void the_zeroth_and_hundredth_percentiles_are_the_minimum_and_maximum() {
        double[] values = {7, 3, 9};
        for (var method : Method.values()) {
            assertThat(Percentiles.quantile(values, 0, method)).isEqualTo(3);
            assertThat(Percentiles.quantile(values, 1, method)).isEqualTo(9);
        }
    }

    @Test
    void a_single_latency_is_every_percentile() {
        assertThat(Percentiles.of(new long[] {42})).isEqualTo(new Percentiles(1, 42, 42, 42));
    }

    @Test
    void no_latencies_give_a_count_of_zero_and_nan_percentiles() {
        var p = Percentiles.of(new double[0]);
        assertThat(p.count()).isZero();
        assertThat(p.p50()).isNaN();
        assertThat(p.p99()).isNaN();
    }

    @Test
    void nan_latencies_and_quantiles_outside_zero_to_one_are_rejected() {
        assertThatThrownBy(() -> Percentiles.of(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.quantile(new double[] {1}, 95, Method.LINEAR))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

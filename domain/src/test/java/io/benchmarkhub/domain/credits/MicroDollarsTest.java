package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MicroDollarsTest {

    @Test
    void whole_micro_dollars_are_exact() {
        assertThat(MicroDollars.fromDollars(new BigDecimal("0.0012"))).isEqualTo(1_200);
        assertThat(MicroDollars.fromDollars(new BigDecimal("12.345678"))).isEqualTo(12_345_678);
        assertThat(MicroDollars.fromDollars(BigDecimal.ZERO)).isZero();
    }

    @Test
    void beyond_the_sixth_decimal_rounds_half_up() {
        assertThat(MicroDollars.fromDollars(new BigDecimal("0.0000005"))).isEqualTo(1);
        assertThat(MicroDollars.fromDollars(new BigDecimal("0.0000004999"))).isZero();
        assertThat(MicroDollars.fromDollars(new BigDecimal("1E-7"))).isZero();
    }
}

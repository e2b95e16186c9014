package io.benchmarkhub.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.benchmarkhub.domain.statistics.PassHatK.CaseRepeats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassHatKTest {

    private static final List<CaseRepeats> THREE_OF_FIVE_AND_FIVE_OF_FIVE =
            List.of(new CaseRepeats(5, 3), new CaseRepeats(5, 5));

    @Test
    void pass_hat_two_averages_c_choose_2_over_n_choose_2() {
        // case 1: C(3,2)/C(5,2) = 3/10; case 2: C(5,2)/C(5,2) = 1; mean 0.65
        assertThat(PassHatK.passHatK(THREE_OF_FIVE_AND_FIVE_OF_FIVE, 2)).isCloseTo(0.65, within(1e-12));
    }

    @Test
    void pass_at_two_averages_one_minus_n_minus_c_choose_2_over_n_choose_2() {
        // case 1: 1 - C(2,2)/C(5,2) = 0.9; case 2: 1 - 0 = 1; mean 0.95
        assertThat(PassHatK.passAtK(THREE_OF_FIVE_AND_FIVE_OF_FIVE, 2)).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void at_k_equal_one_both_are_the_mean_pass_rate() {
        assertThat(PassHatK.passHatK(THREE_OF_FIVE_AND_FIVE_OF_FIVE, 1)).isCloseTo(0.8, within(1e-12));
        assertThat(PassHatK.passAtK(THREE_OF_FIVE_AND_FIVE_OF_FIVE, 1)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void at_k_equal_n_pass_hat_k_counts_cases_that_always_passed_and_pass_at_k_cases_that_ever_passed() {
        var cases = List.of(new CaseRepeats(3, 3), new CaseRepeats(3, 1), new CaseRepeats(3, 0), new CaseRepeats(3, 2));
        assertThat(PassHatK.passHatK(cases, 3)).isCloseTo(0.25, within(1e-12));
        assertThat(PassHatK.passAtK(cases, 3)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void pass_hat_k_falls_and_pass_at_k_rises_as_k_grows() {
        var cases = List.of(new CaseRepeats(8, 6), new CaseRepeats(8, 2));
        for (int k = 1; k < 8; k++) {
            assertThat(PassHatK.passHatK(cases, k + 1)).isLessThanOrEqualTo(PassHatK.passHatK(cases, k));
            assertThat(PassHatK.passAtK(cases, k + 1)).isGreaterThanOrEqualTo(PassHatK.passAtK(cases, k));
        }
    }

    @Test
    void the_product_form_matches_exact_binomials_where_factorials_would_overflow() {
        var cases = List.of(new CaseRepeats(200, 150));
        var exact = new BigDecimal(binomial(150, 50))
                .divide(new BigDecimal(binomial(200, 50)), MathContext.DECIMAL64)
                .doubleValue();
        assertThat(PassHatK.passHatK(cases, 50)).isCloseTo(exact, within(exact * 1e-10));
        var rare = List.of(new CaseRepeats(200, 20));
        var exactMiss = new BigDecimal(binomial(180, 10))
                .divide(new BigDecimal(binomial(200, 10)), MathContext.DECIMAL64)
                .doubleValue();
        assertThat(PassHatK.passAtK(rare, 10)).isCloseTo(1 - exactMiss, within(1e-12));
    }

    @Test
    void no_cases_give_nan() {
        assertThat(PassHatK.passHatK(List.of(), 3)).isNaN();
        assertThat(PassHatK.passAtK(List.of(), 3)).isNaN();
    }

    @Test
    void k_above_a_cases_repeats_or_below_one_and_more_passes_than_repeats_are_rejected() {
        assertThatThrownBy(() -> PassHatK.passHatK(List.of(new CaseRepeats(2, 1)), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassHatK.passAtK(List.of(new CaseRepeats(2, 1)), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CaseRepeats(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BigInteger binomial(int n, int k) {
        var result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }
}

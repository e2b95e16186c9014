package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreditPricingTest {

    /** The defaults: 1 credit = 1,000 µ$ = $0.001, markup ×1.3. */
    private static final CreditPricing DEFAULTS = new CreditPricing(1_000, 13_000);

    @Test
    void the_documented_example_12_345_micros_is_16_048_5_and_rounds_up_to_17_credits() {
        assertThat(DEFAULTS.creditsFor(12_345)).isEqualTo(17);
    }

    @Test
    void an_exact_multiple_is_not_rounded_up() {
        // 10,000 µ$ × 1.3 = 13,000 µ$ = 13 credits exactly
        assertThat(DEFAULTS.creditsFor(10_000)).isEqualTo(13);
    }

    @Test
    void the_smallest_remainder_costs_a_whole_credit() {
        // 10,001 µ$ × 1.3 = 13,001.3 µ$ → 14; 1 µ$ × 1.3 = 1.3 µ$ → 1
        assertThat(DEFAULTS.creditsFor(10_001)).isEqualTo(14);
        assertThat(DEFAULTS.creditsFor(1)).isEqualTo(1);
    }

    @Test
    void the_boundary_of_a_credit_is_exact() {
        // 4,999.8 µ$ (3,846 × 1.3) is 5 credits, 5,001.1 µ$ (3,847 × 1.3) is 6
        assertThat(DEFAULTS.creditsFor(3_846)).isEqualTo(5);
        assertThat(DEFAULTS.creditsFor(3_847)).isEqualTo(6);
    }

    @Test
    void no_cost_is_no_credits() {
        assertThat(DEFAULTS.creditsFor(0)).isZero();
    }

    @Test
    void a_zero_markup_makes_everything_free() {
        assertThat(new CreditPricing(1_000, 0).creditsFor(123_456_789)).isZero();
    }

    @Test
    void without_markup_credits_are_the_cost_divided_by_the_credit_value_rounded_up() {
        var atCost = new CreditPricing(250, 10_000);
        assertThat(atCost.creditsFor(1_000)).isEqualTo(4);
        assertThat(atCost.creditsFor(1_001)).isEqualTo(5);
    }

    @Test
    void rounding_happens_once_per_charge_so_three_small_costs_together_cost_less_than_apart() {
        // 300 µ$ × 1.3 = 390 µ$ is 1 credit alone; 900 µ$ × 1.3 = 1,170 µ$ is 2 credits, not 3
        assertThat(DEFAULTS.creditsFor(300)).isEqualTo(1);
        assertThat(DEFAULTS.creditsFor(900)).isEqualTo(2);
    }

    @Test
    void costs_whose_product_with_the_markup_overflows_a_long_are_exact() {
        // 9 × 10¹⁸ µ$ × 13,000 = 1.17 × 10²³, far above Long.MAX_VALUE; ÷ 10⁷ = 1.17 × 10¹⁶ exactly
        assertThat(DEFAULTS.creditsFor(9_000_000_000_000_000_000L)).isEqualTo(11_700_000_000_000_000L);
        // (2⁶³ − 1) × 13 ÷ 10⁴ = 11,990,383,647,911,208.5491 → 11,990,383,647,911,209
        assertThat(DEFAULTS.creditsFor(Long.MAX_VALUE)).isEqualTo(11_990_383_647_911_209L);
    }

    @Test
    void a_result_beyond_a_long_fails_loudly_instead_of_wrapping() {
        var doubling = new CreditPricing(1, 20_000);
        assertThatThrownBy(() -> doubling.creditsFor(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void a_negative_cost_is_refused() {
        assertThatThrownBy(() -> DEFAULTS.creditsFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_credit_must_be_worth_something_and_the_markup_must_not_be_negative() {
        assertThatThrownBy(() -> new CreditPricing(0, 13_000)).hasMessageContaining("microsPerCredit");
        assertThatThrownBy(() -> new CreditPricing(1_000, -1)).hasMessageContaining("markupBasisPoints");
    }
}

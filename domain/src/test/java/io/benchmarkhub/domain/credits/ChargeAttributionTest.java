package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.credits.ChargeAttribution.Line;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChargeAttributionTest {

    private static final AccountId ACCOUNT = new AccountId("acct_u1");

    @Test
    void credits_and_revenue_follow_each_models_api_cost_by_largest_remainder() {
        // 17 credits: 17 × 10000/12345 = 13 r 9515, 17 × 2345/12345 = 3 r 2830 → the unit left goes to the first model
        // 23 cents: 23 × 10000/12345 = 18 r 7790, 23 × 2345/12345 = 4 r 4555 → likewise
        var charge = charge(
                17,
                12_345,
                List.of(new LotUse("lot_p", 17, 23, "usd")),
                List.of(
                        new ModelCost("openai/gpt-4o", 10_000),
                        new ModelCost("anthropic/claude", 2_345),
                        new ModelCost("judge", 0)));
        assertThat(ChargeAttribution.of(charge))
                .containsExactly(
                        new Line("openai/gpt-4o", "usd", 14, 19, 10_000),
                        new Line("anthropic/claude", "usd", 3, 4, 2_345),
                        new Line("judge", "usd", 0, 0, 0));
    }

    @Test
    void each_currency_is_a_slice_and_each_models_cost_follows_the_credits_of_the_slices() {
        // a grant (usd, no revenue) paid 4 credits and a eur lot 6 credits, for models costing 5000 and 2000 µ$
        // usd credits 4: 2 r 6000, 1 r 1000 → 3, 1; eur credits 6: 4 r 2000, 1 r 5000 → 4, 2
        // eur revenue 50: 35 r 5000, 14 r 2000 → 36, 14; cost 5000 by 4 : 6 → 2000, 3000 and 2000 → 800, 1200
        var charge = charge(
                10,
                7_000,
                List.of(new LotUse("lot_grant", 4, 0, "usd"), new LotUse("lot_eur", 6, 50, "eur")),
                List.of(new ModelCost("a", 5_000), new ModelCost("b", 2_000)));
        assertThat(ChargeAttribution.of(charge))
                .containsExactly(
                        new Line("a", "usd", 3, 0, 2_000), new Line("b", "usd", 1, 0, 800),
                        new Line("a", "eur", 4, 36, 3_000), new Line("b", "eur", 2, 14, 1_200));
    }

    @Test
    void with_no_cost_at_all_credits_and_revenue_are_split_evenly() {
        var charge = charge(
                5, 0, List.of(new LotUse("lot_p", 5, 7, "usd")), List.of(new ModelCost("a", 0), new ModelCost("b", 0)));
        assertThat(ChargeAttribution.of(charge))
                .containsExactly(new Line("a", "usd", 3, 4, 0), new Line("b", "usd", 2, 3, 0));
    }

    @Test
    void a_charge_that_took_no_credits_keeps_its_uncovered_cost_in_dollars() {
        var charge = charge(0, 500, List.of(), List.of(new ModelCost("x", 500)));
        assertThat(ChargeAttribution.of(charge)).containsExactly(new Line("x", "usd", 0, 0, 500));
    }

    @Test
    void a_model_named_twice_is_one_line_and_a_charge_without_models_is_unattributed() {
        var twice = charge(
                3,
                900,
                List.of(new LotUse("lot_p", 3, 30, "usd")),
                List.of(new ModelCost("m", 400), new ModelCost("m", 500)));
        assertThat(ChargeAttribution.of(twice)).containsExactly(new Line("m", "usd", 3, 30, 900));
        var none = charge(3, 900, List.of(new LotUse("lot_p", 3, 30, "usd")), List.of());
        assertThat(ChargeAttribution.of(none))
                .containsExactly(new Line(ChargeAttribution.UNATTRIBUTED, "usd", 3, 30, 900));
    }

    @Test
    void the_charges_api_cost_is_what_is_split_even_when_the_models_do_not_add_up_to_it() {
        var charge = charge(
                2,
                1_000,
                List.of(new LotUse("lot_p", 2, 10, "usd")),
                List.of(new ModelCost("a", 300), new ModelCost("b", 300)));
        assertThat(ChargeAttribution.of(charge))
                .containsExactly(new Line("a", "usd", 1, 5, 500), new Line("b", "usd", 1, 5, 500));
    }

    private static CreditsCharged charge(long credits, long apiCost, List<LotUse> lots, List<ModelCost> byModel) {
        return new CreditsCharged(ACCOUNT, RunId.generate(), credits, apiCost, 0, lots, byModel);
    }
}

package io.benchmarkhub.domain.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class FifoChargeTest {

    private static final CreditPricing PRICING = new CreditPricing(10_000, 2_000);

    @Test
    void a_charge_takes_the_oldest_lot_first_and_each_lot_recognises_its_own_revenue() {
        var lots = new LinkedHashMap<String, Lot>();
        lots.put("old", new Lot("old", 100, 1_000, "usd", 90));
        lots.put("new", new Lot("new", 50, 0, "usd", 0));

        List<LotUse> uses = FifoCharge.take(lots.values(), 30);

        assertThat(uses).containsExactly(new LotUse("old", 10, 100, "usd"), new LotUse("new", 20, 0, "usd"));
        FifoCharge.apply(lots, uses);
        assertThat(lots).containsOnlyKeys("new");
        assertThat(lots.get("new").remaining()).isEqualTo(30);
    }

    @Test
    void lots_short_of_the_credits_give_what_they_hold() {
        List<LotUse> uses = FifoCharge.take(List.of(new Lot("a", 10, 10, "usd", 0)), 25);

        assertThat(uses).containsExactly(new LotUse("a", 10, 10, "usd"));
    }

    @Test
    void a_capped_charge_leaves_the_cost_of_the_credits_it_cannot_take_uncovered() {
        long apiCost = 1_000_000;
        long due = PRICING.creditsFor(apiCost);

        assertThat(FifoCharge.uncoveredCost(PRICING, due, apiCost)).isZero();
        long covered = FifoCharge.maxCostCoveredBy(PRICING, due / 2, apiCost);
        assertThat(PRICING.creditsFor(covered)).isLessThanOrEqualTo(due / 2);
        assertThat(PRICING.creditsFor(covered + 1)).isGreaterThan(due / 2);
        assertThat(FifoCharge.uncoveredCost(PRICING, due / 2, apiCost)).isEqualTo(apiCost - covered);
    }
}

package io.benchmarkhub.domain.credits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a charge takes credits from an account's lots (ADR 0009): oldest lot first, each lot recognising the revenue of
 * the credits it gives ({@link Lot#amountForNext}), and what part of the API cost a capped charge leaves uncovered. The
 * credit account charges with it, and so does the leaderboard seed of the benchmarks, which writes the same events.
 */
public final class FifoCharge {

    private FifoCharge() {}

    /**
     * The lots that pay for {@code credits}, oldest first, each with the revenue it recognises; fewer credits than asked
     * when the lots hold fewer (the caller decides whether that may happen).
     *
     * @param lotsOldestFirst the account's lots with credits left, in arrival order
     */
    public static List<LotUse> take(Iterable<Lot> lotsOldestFirst, long credits) {
        var uses = new ArrayList<LotUse>();
        long left = credits;
        for (Lot lot : lotsOldestFirst) {
            if (left == 0) break;
            long take = Math.min(left, lot.remaining());
            uses.add(new LotUse(lot.lotId(), take, lot.amountForNext(take), lot.currency()));
            left -= take;
        }
        return uses;
    }

    /** Uses {@code uses} up in {@code lots} (by lot id, in arrival order): a lot with nothing left is removed. */
    public static void apply(Map<String, Lot> lots, List<LotUse> uses) {
        for (LotUse use : uses) {
            Lot lot = lots.get(use.lotId()).use(use.credits());
            if (lot.remaining() == 0) lots.remove(use.lotId());
            else lots.put(use.lotId(), lot);
        }
    }

    /** The largest API cost (micro-dollars, ≤ {@code apiCost}) that {@code credits} pay for at {@code pricing}. */
    public static long maxCostCoveredBy(CreditPricing pricing, long credits, long apiCost) {
        long low = 0;
        long high = apiCost;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (pricing.creditsFor(mid) <= credits) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    /**
     * The part of {@code apiCost} a charge capped at the {@code held} reservation does not cover: the cost of the
     * credits it cannot charge, rounded down; 0 when the reservation covers the whole cost.
     */
    public static long uncoveredCost(CreditPricing pricing, long held, long apiCost) {
        if (pricing.creditsFor(apiCost) <= held) return 0;
        return apiCost - maxCostCoveredBy(pricing, held, apiCost);
    }
}

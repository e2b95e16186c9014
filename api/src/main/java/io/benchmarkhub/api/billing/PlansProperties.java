package io.benchmarkhub.api.billing;

import io.benchmarkhub.domain.billing.Plan;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.plans.*} (docs/plans.md).
 *
 * @param pastDueGrace           how long a subscription whose payment failed keeps its plan (ADR 0039)
 * @param freePrivateBenchmarks  how many private benchmarks a personal space or a workspace on Free may hold
 * @param freeHistory            how far back a billing space on Free sees its runs of private benchmarks (ADR 0042)
 * @param prices                 what each Stripe subscription price buys: a plan, for an amount per interval. A
 *                               subscription whose price is not here is refused by the webhook; all in one currency
 */
@ConfigurationProperties("benchmarkhub.plans")
record PlansProperties(
        @DefaultValue("7d") Duration pastDueGrace,
        @DefaultValue("10") int freePrivateBenchmarks,
        @DefaultValue("30d") Duration freeHistory,
        List<PlanPrice> prices) {

    /** One subscription price: {@code plan} for {@code amountMinor} of {@code currency} per {@code interval}. */
    record PlanPrice(
            Plan plan,
            String priceId,
            long amountMinor,
            String currency,
            @DefaultValue("month") String interval) {
        PlanPrice {
            if (plan == null || plan == Plan.FREE)
                throw new IllegalArgumentException("benchmarkhub.plans.prices: plan must be PRO or TEAM");
            if (priceId == null || priceId.isBlank())
                throw new IllegalArgumentException("benchmarkhub.plans.prices: price-id is required");
            if (amountMinor < 1)
                throw new IllegalArgumentException("benchmarkhub.plans.prices: amount-minor must be positive");
            if (currency == null || !currency.strip().toLowerCase(Locale.ROOT).matches("[a-z]{3}"))
                throw new IllegalArgumentException("benchmarkhub.plans.prices: currency must be an ISO 4217 code");
            currency = currency.strip().toLowerCase(Locale.ROOT);
            interval = interval == null ? "month" : interval.strip().toLowerCase(Locale.ROOT);
            if (!interval.equals("month") && !interval.equals("year"))
                throw new IllegalArgumentException("benchmarkhub.plans.prices: interval must be month or year");
        }

        /** What one unit adds to MRR: the monthly amount, a yearly one divided by 12 and rounded down. */
        long monthlyMinor() {
            return interval.equals("year") ? amountMinor / 12 : amountMinor;
        }
    }

    PlansProperties {
        prices = prices == null ? List.of() : List.copyOf(prices);
        if (freePrivateBenchmarks < 0)
            throw new IllegalArgumentException("benchmarkhub.plans.free-private-benchmarks must be 0 or more");
        if (freeHistory == null || freeHistory.isNegative() || freeHistory.isZero())
            throw new IllegalArgumentException("benchmarkhub.plans.free-history must be positive");
        var ids = new HashSet<String>();
        var currencies = new HashSet<String>();
        for (PlanPrice price : prices) {
            if (!ids.add(price.priceId()))
                throw new IllegalArgumentException(
                        "benchmarkhub.plans.prices: price id " + price.priceId() + " is listed twice");
            currencies.add(price.currency());
        }
        // MRR is one sum: it is never added across currencies
        if (currencies.size() > 1)
            throw new IllegalArgumentException("benchmarkhub.plans.prices: all prices must be in one currency");
    }

    Optional<PlanPrice> price(String priceId) {
        return prices.stream().filter(p -> p.priceId().equals(priceId)).findFirst();
    }

    /** The first price of a plan: what a checkout for it sells. */
    Optional<PlanPrice> priceOf(Plan plan) {
        return prices.stream().filter(p -> p.plan() == plan).findFirst();
    }

    String currency() {
        return prices.isEmpty() ? "usd" : prices.getFirst().currency();
    }
}

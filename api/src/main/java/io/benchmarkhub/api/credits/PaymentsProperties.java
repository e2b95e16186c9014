package io.benchmarkhub.api.credits;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.payments.*}.
 *
 * @param webhookSecret Stripe's signing secret of the webhook endpoint ({@code whsec_…}); empty = payments off
 * @param tolerance     how old a signature's timestamp may be (Stripe's default is 5 minutes)
 * @param prices        the price table: what each price buys. A paid checkout session is credited only when it matches one
 *                      entry, by price id or else by amount and currency; the session's own metadata never decides
 */
@ConfigurationProperties("benchmarkhub.payments")
record PaymentsProperties(
        String webhookSecret, @DefaultValue("5m") Duration tolerance, List<Price> prices) {

    /**
     * One price: {@code credits} for {@code amountMinor} (smallest unit of {@code currency}, cents for usd).
     *
     * @param priceId Stripe's price id ({@code price_…}), when sessions name it; may be left out
     */
    public record Price(String priceId, long amountMinor, String currency, long credits) {
        public Price {
            if (amountMinor < 1)
                throw new IllegalArgumentException("benchmarkhub.payments.prices: amount-minor must be positive");
            if (credits < 1 || credits > 1_000_000_000)
                throw new IllegalArgumentException(
                        "benchmarkhub.payments.prices: credits must be from 1 to 1,000,000,000");
            if (currency == null || !currency.strip().toLowerCase(Locale.ROOT).matches("[a-z]{3}")) {
                throw new IllegalArgumentException(
                        "benchmarkhub.payments.prices: currency must be an ISO 4217 code such as usd");
            }
            currency = currency.strip().toLowerCase(Locale.ROOT);
            if (priceId != null && priceId.isBlank()) priceId = null;
        }
    }

    public PaymentsProperties {
        prices = prices == null ? List.of() : List.copyOf(prices);
        var ids = new HashSet<String>();
        for (Price price : prices) {
            if (price.priceId() != null && !ids.add(price.priceId())) {
                throw new IllegalArgumentException(
                        "benchmarkhub.payments.prices: price id " + price.priceId() + " is listed twice");
            }
        }
    }

    public boolean enabled() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }

    public Optional<Price> price(String priceId) {
        return prices.stream().filter(p -> priceId.equals(p.priceId())).findFirst();
    }

    /** The entries sold for exactly this amount in this currency. */
    public List<Price> pricesOf(long amountMinor, String currency) {
        return prices.stream()
                .filter(p -> p.amountMinor() == amountMinor && p.currency().equals(currency))
                .toList();
    }

    @Override
    public String toString() {
        return "PaymentsProperties[webhookSecret=" + (enabled() ? "<redacted>" : "none") + ", tolerance=" + tolerance
                + ", prices=" + prices + "]";
    }
}

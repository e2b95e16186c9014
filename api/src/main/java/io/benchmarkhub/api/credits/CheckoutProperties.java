package io.benchmarkhub.api.credits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.payments.checkout.*}: opening Stripe Checkout sessions for the price table.
 *
 * @param secretKey Stripe's secret API key ({@code sk_…}, {@code STRIPE_SECRET_KEY}); empty = no checkout (credits are
 *                  then only granted, or bought elsewhere and credited by the webhook)
 * @param apiBase   Stripe's API address; tests point it at a local server
 * @param timeout   how long to wait for Stripe to open a session
 */
@ConfigurationProperties("benchmarkhub.payments.checkout")
public record CheckoutProperties(
        String secretKey,
        @DefaultValue("https://api.stripe.com") String apiBase,
        @DefaultValue("10s") Duration timeout) {

    public boolean enabled() {
        return secretKey != null && !secretKey.isBlank();
    }

    @Override
    public String toString() {
        return "CheckoutProperties[secretKey=" + (enabled() ? "<redacted>" : "none") + ", apiBase=" + apiBase
                + ", timeout=" + timeout + "]";
    }
}

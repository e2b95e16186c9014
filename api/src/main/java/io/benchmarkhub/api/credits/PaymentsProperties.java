package io.benchmarkhub.api.credits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code benchmarkhub.payments.*}.
 *
 * @param webhookSecret Stripe's signing secret of the webhook endpoint ({@code whsec_…}); empty = payments off
 * @param tolerance     how old a signature's timestamp may be (Stripe's default is 5 minutes)
 */
@ConfigurationProperties("benchmarkhub.payments")
public record PaymentsProperties(String webhookSecret, @DefaultValue("5m") Duration tolerance) {

    public boolean enabled() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }

    @Override
    public String toString() {
        return "PaymentsProperties[webhookSecret=" + (enabled() ? "<redacted>" : "none") + ", tolerance=" + tolerance + "]";
    }
}

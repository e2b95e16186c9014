package io.benchmarkhub.command.credits;

import io.benchmarkhub.domain.credits.CreditPricing;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.credits.*}: what a credit is worth and the markup on API cost (see application.yml).
 *
 * @param microsPerCredit   API cost in micro-dollars one credit stands for before the markup (1,000 = $0.001)
 * @param markupBasisPoints the markup on API cost, in basis points (13,000 = ×1.3)
 * @param defaultMaxTokens  the completion cap of candidate calls in a CREDITS run that sets none, so the
 *                          reservation is a true upper bound
 */
@ConfigurationProperties("benchmarkhub.credits")
public record CreditsProperties(
        @DefaultValue("1000") long microsPerCredit,
        @DefaultValue("13000") long markupBasisPoints,
        @DefaultValue("1024") int defaultMaxTokens) {

    public CreditPricing pricing() {
        return new CreditPricing(microsPerCredit, markupBasisPoints);
    }
}

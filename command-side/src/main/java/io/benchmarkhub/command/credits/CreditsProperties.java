package io.benchmarkhub.command.credits;

import io.benchmarkhub.domain.credits.CreditPricing;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.credits.*}: what a credit is worth and the markup on API cost (see application.yml).
 *
 * @param microsPerCredit   API cost in micro-dollars one credit stands for before the markup (1,000 = $0.001)
 * @param markupBasisPoints the markup on API cost, in basis points (13,000 = ×1.3)
 * @param defaultMaxTokens  the completion cap of candidate calls in a CREDITS run that sets none, so the
 *                          reservation is a true upper bound
 * @param maxTokens         the largest {@code params.maxTokens} a CREDITS run may ask for (each model's own limit in the
 *                          catalogue lowers it further, call by call)
 * @param sweep             how pending reservations of runs that were never recorded are released
 */
@ConfigurationProperties("benchmarkhub.credits")
public record CreditsProperties(
        @DefaultValue("1000") long microsPerCredit,
        @DefaultValue("13000") long markupBasisPoints,
        @DefaultValue("1024") int defaultMaxTokens,
        @DefaultValue("32768") int maxTokens,
        @DefaultValue Sweep sweep) {

    /**
     * @param gracePeriod a reservation whose run is not recorded this long after it was made is released (the node that
     *                    made it died between reserving and recording the run)
     * @param interval    how often the clustered sweep looks for such reservations
     */
    public record Sweep(
            @DefaultValue("10m") Duration gracePeriod,
            @DefaultValue("1m") Duration interval) {
        public Sweep {
            if (gracePeriod.isNegative() || gracePeriod.isZero())
                throw new IllegalArgumentException("benchmarkhub.credits.sweep.grace-period must be positive");
            if (interval.isNegative() || interval.isZero())
                throw new IllegalArgumentException("benchmarkhub.credits.sweep.interval must be positive");
        }
    }

    public CreditsProperties {
        if (maxTokens < 1) throw new IllegalArgumentException("benchmarkhub.credits.max-tokens must be positive");
        if (defaultMaxTokens < 1 || defaultMaxTokens > maxTokens) {
            throw new IllegalArgumentException(
                    "benchmarkhub.credits.default-max-tokens must be from 1 to max-tokens (" + maxTokens + ")");
        }
    }

    public CreditPricing pricing() {
        return new CreditPricing(microsPerCredit, markupBasisPoints);
    }
}

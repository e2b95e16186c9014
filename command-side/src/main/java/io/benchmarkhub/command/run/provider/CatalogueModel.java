package io.benchmarkhub.command.run.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One model a provider offers.
 * <p>
 * Prices are integer <b>micro-dollars per million tokens</b> (so $3 per million tokens is
 * {@code 3_000_000}, and one unit is $10⁻¹² per token): exact for every price OpenRouter lists,
 * which go down to fractions of a micro-dollar per token. {@code null} means unknown (a local
 * endpoint, or OpenRouter's {@code "-1"} for routers whose price depends on the model picked).
 *
 * @param id                  the id to request it by, including the provider prefix where routing needs one
 * @param contextLength       null when the provider does not say
 * @param maxCompletionTokens the most tokens one answer may have (OpenRouter's {@code top_provider.max_completion_tokens});
 *                            null when the provider does not say
 */
public record CatalogueModel(
        String id,
        String provider,
        Long promptMicrosPerMillionTokens,
        Long completionMicrosPerMillionTokens,
        Integer contextLength,
        boolean simulated,
        Integer maxCompletionTokens) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public CatalogueModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
    }

    public CatalogueModel(
            String id,
            String provider,
            Long promptMicrosPerMillionTokens,
            Long completionMicrosPerMillionTokens,
            Integer contextLength,
            boolean simulated) {
        this(
                id,
                provider,
                promptMicrosPerMillionTokens,
                completionMicrosPerMillionTokens,
                contextLength,
                simulated,
                null);
    }

    public CatalogueModel withId(String newId) {
        return new CatalogueModel(
                newId,
                provider,
                promptMicrosPerMillionTokens,
                completionMicrosPerMillionTokens,
                contextLength,
                simulated,
                maxCompletionTokens);
    }

    /**
     * {@code requested} completion tokens, lowered to what this model can answer with at most: its completion limit, or
     * else its context length, when the catalogue gives one.
     */
    public int completionCap(int requested) {
        int cap = requested;
        if (maxCompletionTokens != null && maxCompletionTokens > 0) cap = Math.min(cap, maxCompletionTokens);
        else if (contextLength != null && contextLength > 0) cap = Math.min(cap, contextLength);
        return cap;
    }

    public boolean priced() {
        return promptMicrosPerMillionTokens != null && completionMicrosPerMillionTokens != null;
    }

    /** Cost of a call in micro-dollars, rounded half-up once; 0 when this model has no prices. */
    public long costMicros(long promptTokens, long completionTokens) {
        if (!priced()) return 0;
        return BigDecimal.valueOf(promptTokens)
                .multiply(BigDecimal.valueOf(promptMicrosPerMillionTokens))
                .add(BigDecimal.valueOf(completionTokens)
                        .multiply(BigDecimal.valueOf(completionMicrosPerMillionTokens)))
                .divide(MILLION, 0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /**
     * A price in dollars per token, as OpenRouter writes it ({@code "0.000003"}), in micro-dollars per
     * million tokens, rounded half-up; null for a missing, unparsable or negative price.
     */
    public static Long microsPerMillionTokens(String dollarsPerToken) {
        if (dollarsPerToken == null || dollarsPerToken.isBlank()) return null;
        try {
            BigDecimal price = new BigDecimal(dollarsPerToken.strip());
            if (price.signum() < 0) return null;
            return price.movePointRight(12).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}

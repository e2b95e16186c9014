package io.benchmarkhub.domain.credits;

import java.util.Objects;

/** {@code credits} taken from one lot, and the {@code amountMinor} of its price they recognise (or refund). */
public record LotUse(String lotId, long credits, long amountMinor, String currency) {

    public LotUse {
        Objects.requireNonNull(lotId, "lotId");
        if (credits < 1 || amountMinor < 0)
            throw new IllegalArgumentException("a lot use needs credits > 0 and amount ≥ 0");
    }
}

package io.benchmarkhub.domain.credits;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * API cost is kept in integer micro-dollars. A provider reports dollars as a decimal (OpenRouter's
 * {@code usage.cost}, a cost report's {@code cost} column); both are converted by this one rule, so
 * that what a run recorded and what the provider's report says compare to the unit.
 */
public final class MicroDollars {

    private MicroDollars() {}

    /** Dollars to micro-dollars, rounded half up beyond the sixth decimal. */
    public static long fromDollars(BigDecimal dollars) {
        return dollars.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}

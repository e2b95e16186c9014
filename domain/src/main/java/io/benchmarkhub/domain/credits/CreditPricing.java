package io.benchmarkhub.domain.credits;

import java.math.BigInteger;

/**
 * How API cost becomes credits, in integer arithmetic only:
 * {@code credits = ⌈apiCostMicros × markupBasisPoints ÷ (10,000 × microsPerCredit)⌉}, rounded up once per
 * charge (a run), never per call. With the defaults (1 credit = 1,000 micro-dollars = $0.001, markup
 * 13,000 bp = ×1.3) a run that cost the providers $0.012345 is 12,345 µ$ × 1.3 = 16,048.5 → 17 credits.
 */
public record CreditPricing(long microsPerCredit, long markupBasisPoints) {

    public CreditPricing {
        if (microsPerCredit < 1) throw new IllegalArgumentException("microsPerCredit must be positive");
        if (markupBasisPoints < 0) throw new IllegalArgumentException("markupBasisPoints must not be negative");
    }

    public long creditsFor(long apiCostMicros) {
        if (apiCostMicros < 0) throw new IllegalArgumentException("cost must not be negative");
        BigInteger numerator = BigInteger.valueOf(apiCostMicros).multiply(BigInteger.valueOf(markupBasisPoints));
        BigInteger denominator = BigInteger.valueOf(10_000).multiply(BigInteger.valueOf(microsPerCredit));
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        return qr[0].add(qr[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
    }
}

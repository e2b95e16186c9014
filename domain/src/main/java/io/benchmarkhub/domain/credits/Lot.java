package io.benchmarkhub.domain.credits;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Credits that arrived together: a purchase ({@code amountMinor} paid, in the smallest unit of
 * {@code currency}) or a grant (amount 0). Consumption and refunds use up a lot in order; the revenue a
 * lot recognises is the <b>cumulative floor</b> {@code ⌊amount × used ÷ credits⌋}, so each use recognises
 * the difference between the cumulative figures after and before it and a lot that is used up has
 * recognised (plus refunded) exactly its amount, to the unit, whatever the order and size of its uses.
 *
 * @param used credits of this lot charged or refunded so far
 */
public record Lot(String lotId, long credits, long amountMinor, String currency, long used) {

    public Lot {
        Objects.requireNonNull(lotId, "lotId");
        if (credits < 1 || amountMinor < 0 || used < 0 || used > credits) {
            throw new IllegalArgumentException("a lot needs credits > 0, amount ≥ 0 and 0 ≤ used ≤ credits");
        }
    }

    @JsonIgnore
    public long remaining() {
        return credits - used;
    }

    /** Revenue recognised (or refunded) by using the next {@code n} credits of this lot. */
    public long amountForNext(long n) {
        if (n < 0 || n > remaining())
            throw new IllegalArgumentException("cannot use " + n + " of " + remaining() + " credits left");
        return cumulative(used + n) - cumulative(used);
    }

    public Lot use(long n) {
        amountForNext(n);
        return new Lot(lotId, credits, amountMinor, currency, used + n);
    }

    private long cumulative(long usedCredits) {
        return BigInteger.valueOf(amountMinor)
                .multiply(BigInteger.valueOf(usedCredits))
                .divide(BigInteger.valueOf(credits))
                .longValueExact();
    }
}

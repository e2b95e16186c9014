package io.benchmarkhub.domain.credits;

/** Why the payment provider took the money of a purchase back. */
public enum ClawbackCause {
    /** The payment was refunded (Stripe {@code charge.refunded}). */
    REFUND,
    /** The buyer disputed the payment with their bank (Stripe {@code charge.dispute.created}). */
    DISPUTE
}

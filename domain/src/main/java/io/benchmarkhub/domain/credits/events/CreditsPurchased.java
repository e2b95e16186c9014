package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import org.axonframework.serialization.Revision;

/**
 * A payment bought a lot of credits. {@code paymentId} is the payment provider's id (Stripe's checkout
 * session id); an account records each payment once.
 *
 * @param amountMinor     what was paid, in the smallest unit of {@code currency} (cents for usd)
 * @param paymentIntentId the provider's id of the money movement (Stripe's payment intent), which its refunds and
 *                        disputes name; null when the provider gave none (and for purchases recorded before it was kept)
 */
@Revision("1")
public record CreditsPurchased(
        AccountId accountId,
        String lotId,
        long credits,
        long amountMinor,
        String currency,
        String paymentId,
        String paymentIntentId)
        implements CreditEvent {

    public CreditsPurchased(
            AccountId accountId, String lotId, long credits, long amountMinor, String currency, String paymentId) {
        this(accountId, lotId, credits, amountMinor, currency, paymentId, null);
    }
}

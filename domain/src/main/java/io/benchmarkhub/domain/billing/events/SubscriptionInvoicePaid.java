package io.benchmarkhub.domain.billing.events;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An invoice of the subscription was paid: subscription revenue of {@code amountMinor} in {@code currency}. */
@Revision("1")
public record SubscriptionInvoicePaid(
        String subscriptionId, String invoiceId, long amountMinor, String currency, String stripeEventId, Instant at)
        implements SubscriptionEvent {}

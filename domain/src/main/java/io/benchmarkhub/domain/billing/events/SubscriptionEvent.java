package io.benchmarkhub.domain.billing.events;

/**
 * What happened to a Stripe subscription (issue 18, ADR 0039). Stored under the subscription's id (aggregate type
 * {@code Subscription}). Ids, enumerations and integer minor units only: never an email, a name or card data.
 */
public sealed interface SubscriptionEvent permits SubscriptionChanged, SubscriptionInvoicePaid {

    String subscriptionId();
}

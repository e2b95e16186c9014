package io.benchmarkhub.domain.billing.events;

import io.benchmarkhub.domain.billing.Plan;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A subscription's state as Stripe reported it: {@code subscriberType} USER or WORKSPACE, the plan its price buys, Stripe's
 * status ({@code active}, {@code past_due}, {@code canceled}, ...), what it adds to MRR in minor units of
 * {@code currency}, and the Stripe event ({@code stripeEventId}, {@code cause} its type, {@code at} its time).
 * {@code cancelAtPeriodEnd}: cancelled to end with the current period (false in events recorded before it was kept).
 */
@Revision("1")
public record SubscriptionChanged(
        String subscriptionId,
        String subscriberType,
        String subscriberId,
        Plan plan,
        String status,
        long mrrMinor,
        String currency,
        String stripeEventId,
        String cause,
        Instant at,
        boolean cancelAtPeriodEnd)
        implements SubscriptionEvent {}

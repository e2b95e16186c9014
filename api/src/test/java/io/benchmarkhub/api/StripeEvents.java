package io.benchmarkhub.api;

import java.util.UUID;

/**
 * Stripe's subscription events as its webhook sends them to {@code POST /api/webhooks/payments} (docs/plans.md): the
 * fields the app reads, each event with a new id. Signed and sent by {@link ApiTestBase#sendStripe}.
 */
public final class StripeEvents {

    private StripeEvents() {}

    /**
     * A {@code customer.subscription.*} event of subscription {@code id}, its period ending 30 days after
     * {@code created}; {@code unitAmount} null leaves the price's amount out.
     */
    public static String subscription(
            String type,
            String id,
            String customer,
            String subscriberType,
            String subscriberId,
            String price,
            Long unitAmount,
            String status,
            int quantity,
            boolean cancelAtPeriodEnd,
            long created) {
        return """
                {"id": "evt_%s", "object": "event", "type": "%s", "created": %d, "api_version": "2024-06-20",
                 "data": {"object": {"id": "%s", "object": "subscription", "status": "%s", "customer": "%s",
                   "cancel_at_period_end": %b, "current_period_end": %d,
                   "metadata": {"subscriber_type": "%s", "subscriber_id": "%s"},
                   "items": {"object": "list", "data": [{"id": "si_1", "quantity": %d, "price": {"id": "%s"%s}}]}}}}""".formatted(
                        UUID.randomUUID().toString().replace("-", ""),
                        type,
                        created,
                        id,
                        status,
                        customer,
                        cancelAtPeriodEnd,
                        created + 30 * 86400,
                        subscriberType,
                        subscriberId,
                        quantity,
                        price,
                        unitAmount == null ? "" : ", \"unit_amount\": " + unitAmount);
    }
}

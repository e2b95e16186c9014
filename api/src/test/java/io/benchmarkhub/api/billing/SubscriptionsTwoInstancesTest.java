package io.benchmarkhub.api.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two application instances on one PostgreSQL, as Stripe may deliver one event to both at once (a retry racing the first
 * delivery behind a load balancer): each event is applied once, and the subscription's history has one change per event.
 */
class SubscriptionsTwoInstancesTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startSecondInstance() {
        if (secondPort != 0) return;
        var args = new ArrayList<String>(List.of(
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + MAIL.getSmtp().getPort(),
                "--benchmarkhub.payments.webhook-secret=" + WEBHOOK_SECRET));
        args.addAll(planPriceArgs());
        secondPort = ExtraNodes.port(NODES.start(dataSource, ADMIN_TOKEN, args));
    }

    @AfterAll
    static void stopSecondInstance() {
        NODES.close();
        secondPort = 0;
    }

    @Test
    void one_event_delivered_to_both_nodes_at_once_is_applied_once() {
        String id = "sub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long t = Instant.now().getEpochSecond() - 100;
        List<String> events = List.of(
                subscription("customer.subscription.created", id, "active", t),
                invoice("invoice.payment_failed", id, t + 1),
                invoice("invoice.paid", id, t + 2),
                invoice("invoice.payment_failed", id, t + 3),
                subscription("customer.subscription.deleted", id, "canceled", t + 4));
        var applied = new ArrayList<String>();
        for (String event : events) {
            var here = CompletableFuture.supplyAsync(() -> deliver(port, event));
            var there = CompletableFuture.supplyAsync(() -> deliver(secondPort, event));
            Response a = here.join();
            Response b = there.join();
            assertThat(a.status()).as(a.text()).isEqualTo(200);
            assertThat(b.status()).as(b.text()).isEqualTo(200);
            var statuses = List.of(
                    a.body().get("status").asText(), b.body().get("status").asText());
            assertThat(statuses).containsExactlyInAnyOrder("subscription", "ignored");
            applied.add(statuses.contains("subscription") ? "applied" : "none");
        }
        assertThat(applied).containsOnly("applied");
        assertThat(jdbc.queryForList(
                        "SELECT status FROM subscription_change WHERE subscription_id = ? ORDER BY seq",
                        String.class,
                        id))
                .containsExactly("active", "past_due", "active", "past_due", "canceled");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM subscription_payment WHERE subscription_id = ?", Long.class, id))
                .isEqualTo(1);
        assertThat(eventCount(id)).isEqualTo(6);
        assertThat(get("/api/auth/me", alice).body().get("plan").asText()).isEqualTo("FREE");
    }

    private Response deliver(int node, String payload) {
        String signature;
        try {
            signature = Webhook.Signature.generateSignatureHeader(payload, WEBHOOK_SECRET, Webhook.Util.getTimeNow());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + node + "/api/webhooks/payments"))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .setHeader("Content-Type", "application/json");
        return exchange(builder, null, "Stripe-Signature", signature);
    }

    private String subscription(String type, String id, String status, long created) {
        return """
                {"id": "evt_%s", "object": "event", "type": "%s", "created": %d,
                 "data": {"object": {"id": "%s", "object": "subscription", "status": "%s",
                   "metadata": {"subscriber_type": "USER", "subscriber_id": "%s"},
                   "items": {"data": [{"quantity": 1, "price": {"id": "price_test_pro"}}]}}}}""".formatted(UUID.randomUUID(), type, created, id, status, alice.id());
    }

    private static String invoice(String type, String id, long created) {
        return """
                {"id": "evt_%s", "object": "event", "type": "%s", "created": %d,
                 "data": {"object": {"id": "in_%s", "object": "invoice", "subscription": "%s", "amount_paid": 1900, "currency": "usd"}}}""".formatted(UUID.randomUUID(), type, created, UUID.randomUUID(), id);
    }
}

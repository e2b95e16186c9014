package io.benchmarkhub.api.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import io.benchmarkhub.api.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Buying credits through Stripe Checkout, against a local server speaking Stripe's API: the price table, a session opened
 * for the caller and one price, bad input, Stripe refusing, and the session's payment credited by the webhook.
 */
class CheckoutTest extends ApiTestBase {

    @AfterEach
    void answerAgain() {
        STRIPE.refuse(0);
    }

    @Test
    void the_price_table_is_public_to_signed_in_callers() {
        var prices = get("/api/credits/prices", alice);
        assertThat(prices.status()).isEqualTo(200);
        assertThat(prices.body().get("checkout").asBoolean()).isTrue();
        assertThat(prices.body().get("prices")).hasSize(2);
        var first = prices.body().get("prices").get(0);
        assertThat(first.get("key").asText()).isEqualTo("price_test_100");
        assertThat(first.get("amountMinor").asLong()).isEqualTo(1000);
        assertThat(first.get("currency").asText()).isEqualTo("usd");
        assertThat(first.get("credits").asLong()).isEqualTo(100);
        assertThat(prices.text()).doesNotContain("sk_test");
    }

    @Test
    void a_checkout_names_the_buyer_and_the_price_and_its_payment_credits_that_price() throws Exception {
        int before = STRIPE.calls().size();
        var opened = send("POST", "/api/credits/checkout", alice, "{\"price\": \"price_test_500\"}");
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        String session = opened.body().get("sessionId").asText();
        assertThat(session).startsWith("cs_test_");
        assertThat(opened.body().get("url").asText()).isEqualTo(STRIPE.baseUrl() + "/pay/" + session);

        assertThat(STRIPE.calls()).hasSize(before + 1);
        var call = STRIPE.calls().get(before);
        assertThat(call.authorization()).isEqualTo("Bearer sk_test_checkout_secret");
        assertThat(call.form())
                .containsEntry("mode", "payment")
                .containsEntry("client_reference_id", alice.id())
                .containsEntry("line_items[0][price]", "price_test_500")
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("metadata[price_id]", "price_test_500")
                .containsEntry("metadata[credits]", "500")
                .containsEntry(
                        "success_url", "http://localhost:8080/credits?checkout=success&session={CHECKOUT_SESSION_ID}")
                .containsEntry("cancel_url", "http://localhost:8080/credits?checkout=cancelled");

        // Stripe then reports the session paid: the webhook credits what the price table says
        String payload = """
                {"id": "evt_%s", "object": "event", "type": "checkout.session.completed", "api_version": "2024-06-20",
                 "data": {"object": {"id": "%s", "object": "checkout.session", "client_reference_id": "%s",
                   "amount_total": 2500, "currency": "usd", "payment_status": "paid", "metadata": {"price_id": "price_test_500", "credits": "500"}}}}""".formatted(session, session, alice.id());
        var delivered = send(
                "POST",
                "/api/webhooks/payments",
                (String) null,
                payload,
                "Stripe-Signature",
                Webhook.Signature.generateSignatureHeader(payload, WEBHOOK_SECRET, Webhook.Util.getTimeNow()));
        assertThat(delivered.status()).as(delivered.text()).isEqualTo(200);
        eventually(
                () -> get("/api/credits/balance", alice).body().get("balance").asLong() == 500,
                "the purchase is in the balance");
    }

    @Test
    void bad_prices_are_refused_naming_the_field_and_nothing_is_sent_to_stripe() {
        int before = STRIPE.calls().size();
        for (String body : new String[] {"{}", "{\"price\": \"  \"}", "{\"price\": \"price_nope\"}"}) {
            var refused = send("POST", "/api/credits/checkout", alice, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.body().get("errors").get(0).get("field").asText())
                    .isEqualTo("price");
        }
        assertThat(send("POST", "/api/credits/checkout", alice, null).status()).isEqualTo(400);
        assertThat(send("POST", "/api/credits/checkout", (String) null, "{\"price\": \"price_test_100\"}")
                        .status())
                .isEqualTo(401);
        assertThat(STRIPE.calls()).hasSize(before);
    }

    @Test
    void stripe_refusing_is_a_502_that_shows_no_key() {
        STRIPE.refuse(401);
        var refused = send("POST", "/api/credits/checkout", alice, "{\"price\": \"price_test_100\"}");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body().get("detail").asText()).contains("did not open a checkout (HTTP 401)");
        assertThat(refused.text()).doesNotContain("sk_test").doesNotContain("Invalid API Key");
    }
}

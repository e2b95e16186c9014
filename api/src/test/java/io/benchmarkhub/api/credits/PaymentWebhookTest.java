package io.benchmarkhub.api.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.net.Webhook;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.credits.commands.ReserveCredits;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsClawedBack;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.OwedCreditsRecovered;
import io.benchmarkhub.domain.credits.events.OwedCreditsSettled;
import io.benchmarkhub.domain.run.RunId;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Stripe's webhook as Stripe sends it, signed: credits come from the server's price table (ApiTestBase configures
 * price_test_100, $10.00 for 100 credits, and price_test_500, $25.00 for 500), never from the session's metadata;
 * refunds and disputes claw the unspent credits of their lot back, and an account whose credits were already spent
 * owes them, runs nothing paid, until new credits or an admin settle it.
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentWebhookTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Autowired
    CommandGateway commands;

    private String paymentIntent;

    @BeforeEach
    void ids() {
        paymentIntent = "pi_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void credits_come_from_the_price_table_and_a_session_that_does_not_match_it_is_refused_and_logged(
            CapturedOutput log) {

        Response free = deliver(session(alice.id(), 0, "usd", "{\"credits\": \"1000000\"}"));
        assertThat(free.status()).as(free.text()).isEqualTo(400);
        assertThat(free.header("Content-Type")).contains("application/problem+json");
        assertThat(free.body().path("errors").findValuesAsText("field")).contains("data.object.amount_total");
        Response inflated = deliver(session(alice.id(), 1_000, "usd", "{\"credits\": \"5000\"}"));
        assertThat(inflated.status()).as(inflated.text()).isEqualTo(400);
        assertThat(inflated.body().path("errors").findValuesAsText("field")).contains("data.object.metadata.credits");
        Response otherCurrency = deliver(session(alice.id(), 1_000, "eur", "{}"));
        assertThat(otherCurrency.status()).as(otherCurrency.text()).isEqualTo(400);
        Response discounted = deliver(session(alice.id(), 1_000, "usd", "{\"price_id\": \"price_test_500\"}"));
        assertThat(discounted.status())
                .as("price_test_500 costs $25.00, not $10.00")
                .isEqualTo(400);
        Response unknownPrice = deliver(session(alice.id(), 1_000, "usd", "{\"price_id\": \"price_nobody\"}"));
        assertThat(unknownPrice.status()).isEqualTo(400);
        assertThat(eventCount(account(alice))).as("nothing credited").isZero();
        assertThat(log.getOut())
                .contains("refused")
                .contains("amount_total 0 usd")
                .doesNotContain(WEBHOOK_SECRET);

        Response byAmount = deliver(session(alice.id(), 1_000, "usd", "{}"));
        assertThat(byAmount.status()).as(byAmount.text()).isEqualTo(200);
        assertThat(byAmount.body().path("status").asText()).isEqualTo("credited");
        Response byPrice =
                deliver(session(alice.id(), 2_500, "usd", "{\"price_id\": \"price_test_500\", \"credits\": \"500\"}"));
        assertThat(byPrice.status()).as(byPrice.text()).isEqualTo(200);
        assertThat(events(account(alice)))
                .extracting(e -> ((CreditsPurchased) e).credits())
                .containsExactly(100L, 500L);
    }

    @Test
    void a_paid_session_that_is_not_ours_is_acknowledged_and_ignored() {
        for (String user : List.of("usr_nobody", "")) {
            Response notOurs = deliver(session(user, 1_000, "usd", "{}"));
            assertThat(notOurs.status()).as(notOurs.text()).isEqualTo(200);
            assertThat(notOurs.body().path("status").asText()).isEqualTo("ignored");
        }
        Response refundOfAStranger = deliver(refund("pi_test_somebody_else", 1_000, 1_000));
        assertThat(refundOfAStranger.status()).isEqualTo(200);
        assertThat(refundOfAStranger.body().path("status").asText()).isEqualTo("ignored");
        assertThat(eventCount("acct_usr_nobody")).isZero();
        assertThat(eventsMentioning(paymentIntent))
                .as("nothing recorded for the payment")
                .isZero();
    }

    @Test
    void a_refund_claws_back_the_unspent_credits_of_its_lot_once_however_often_it_is_delivered() {
        assertThat(deliver(session(alice.id(), 2_500, "usd", "{}")).status()).isEqualTo(200);

        // a partial refund of $10.00 of $25.00 takes back 200 of the 500 credits, the rest of the refund the other 300
        Response partial = deliver(refund(paymentIntent, 2_500, 1_000));
        assertThat(partial.status()).as(partial.text()).isEqualTo(200);
        assertThat(partial.body().path("status").asText()).isEqualTo("clawed back");
        assertThat(deliver(refund(paymentIntent, 2_500, 1_000)).status()).isEqualTo(200);
        assertThat(deliver(refund(paymentIntent, 2_500, 2_500)).status()).isEqualTo(200);
        assertThat(deliver(refund(paymentIntent, 2_500, 2_500)).status()).isEqualTo(200);

        List<CreditsClawedBack> clawbacks = events(account(alice)).stream()
                .filter(CreditsClawedBack.class::isInstance)
                .map(CreditsClawedBack.class::cast)
                .toList();
        assertThat(clawbacks).extracting(CreditsClawedBack::credits).containsExactly(200L, 300L);
        assertThat(clawbacks).extracting(CreditsClawedBack::amountMinor).containsExactly(1_000L, 1_500L);
        assertThat(clawbacks).allSatisfy(c -> assertThat(c.owedCredits()).isZero());
        eventually(
                () -> balance(alice).path("balance").asLong() == 0
                        && ledgerKinds(alice).size() == 3,
                "the ledger shows the clawbacks");
        assertThat(ledgerKinds(alice)).containsExactly("CLAWED_BACK", "CLAWED_BACK", "PURCHASED");
        assertThat(balance(alice).path("owed").asLong()).isZero();
    }

    @Test
    void a_dispute_of_spent_credits_marks_the_account_and_paid_runs_are_refused_until_a_grant_settles_it() {
        awaitCatalogue("openai/gpt-4o");
        assertThat(deliver(session(alice.id(), 1_000, "usd", "{}")).status()).isEqualTo(200);
        String benchmark = createBenchmark(alice, """
                {"title": "Disputed", "cases": [{"input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""");
        String run = """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark);
        Response first = send("POST", "/api/runs", alice, run);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        eventually(
                () -> events(account(alice)).stream().anyMatch(CreditsCharged.class::isInstance)
                        && balance(alice).path("reserved").asLong() == 0,
                "the run is charged its 1 credit");

        Response disputed = deliver(dispute(paymentIntent, 1_000));
        assertThat(disputed.status()).as(disputed.text()).isEqualTo(200);
        CreditsClawedBack clawback = events(account(alice)).stream()
                .filter(CreditsClawedBack.class::isInstance)
                .map(CreditsClawedBack.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(clawback.credits()).isEqualTo(99);
        assertThat(clawback.owedCredits()).as("the credit the run spent").isEqualTo(1);
        eventually(() -> balance(alice).path("owed").asLong() == 1, "the balance shows what is owed");
        assertThat(balance(alice).path("balance").asLong()).as("never negative").isZero();

        Response refused = send("POST", "/api/runs", alice, run);
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().path("owed").asLong()).isEqualTo(1);
        assertThat(refused.body().path("detail").asText())
                .contains("owes 1 credit")
                .contains("refund or dispute");

        Response granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "%s", "credits": 50, "reason": "goodwill"}""".formatted(account(alice)));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        assertThat(events(account(alice)))
                .filteredOn(OwedCreditsRecovered.class::isInstance)
                .singleElement()
                .satisfies(r -> assertThat(((OwedCreditsRecovered) r).credits()).isEqualTo(1));
        eventually(
                () -> balance(alice).path("owed").asLong() == 0
                        && balance(alice).path("balance").asLong() == 49,
                "the grant paid what was owed first");
        Response again = send("POST", "/api/runs", alice, run);
        assertThat(again.status()).as(again.text()).isEqualTo(202);
    }

    @Test
    void a_refund_an_admin_already_made_by_hand_takes_nothing_more() {
        assertThat(deliver(session(bob.id(), 1_000, "usd", "{}")).status()).isEqualTo(200);
        Response manual =
                send("POST", "/api/admin/credits/refunds", ADMIN_TOKEN, """
                {"accountId": "%s", "lotId": "%s"}""".formatted(account(bob), lotOf(bob)));
        assertThat(manual.status()).as(manual.text()).isEqualTo(200);
        // Stripe then reports the refund the admin made
        assertThat(deliver(refund(paymentIntent, 1_000, 1_000)).status()).isEqualTo(200);
        assertThat(events(account(bob))).noneMatch(CreditsClawedBack.class::isInstance);
        eventually(
                () -> balance(bob).path("balance").asLong() == 0
                        && ledgerKinds(bob).size() == 2,
                "the refund is in the ledger");
        assertThat(balance(bob).path("owed").asLong()).isZero();
    }

    @Test
    void an_admin_settles_what_an_account_owes_and_only_admins_may() {
        assertThat(deliver(session(bob.id(), 1_000, "usd", "{}")).status()).isEqualTo(200);
        // a run spends all 100 credits: 76,923 µ$ of API cost × 1.3 → 100 credits
        AccountId account = new AccountId(account(bob));
        RunId run = RunId.generate();
        commands.sendAndWait(new ReserveCredits(account, run, 100));
        commands.sendAndWait(new ChargeRun(
                account, run, List.of(new ModelCost("openai/gpt-4o", 76_923)), new CreditPricing(1_000, 13_000)));
        assertThat(deliver(dispute(paymentIntent, 1_000)).status()).isEqualTo(200);
        CreditsClawedBack clawback = events(account(bob)).stream()
                .filter(CreditsClawedBack.class::isInstance)
                .map(CreditsClawedBack.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(clawback.credits()).isZero();
        assertThat(clawback.owedCredits()).isEqualTo(100);

        String settle = """
                {"accountId": "%s", "reason": "refunded twice by mistake; written off"}""".formatted(account(bob));
        assertThat(send("POST", "/api/admin/credits/settlements", bob, settle).status())
                .isEqualTo(403);
        Response settled = send("POST", "/api/admin/credits/settlements", ADMIN_TOKEN, settle);
        assertThat(settled.status()).as(settled.text()).isEqualTo(200);
        assertThat(settled.body().path("settledCredits").asLong()).isEqualTo(100);
        assertThat(events(account(bob)))
                .filteredOn(OwedCreditsSettled.class::isInstance)
                .hasSize(1);
        assertThat(send("POST", "/api/admin/credits/settlements", ADMIN_TOKEN, settle)
                        .status())
                .as("nothing left to settle")
                .isEqualTo(409);
        eventually(
                () -> balance(bob).path("owed").asLong() == 0
                        && ledgerKinds(bob).getFirst().equals("SETTLED"),
                "the ledger shows it");
    }

    // --- Stripe's payloads ------------------------------------------------------------------------

    private String session(String userId, long amountMinor, String currency, String metadata) {
        String id = "cs_test_" + UUID.randomUUID();
        return """
                {"id": "evt_%s", "object": "event", "type": "checkout.session.completed", "api_version": "2024-06-20",
                 "data": {"object": {"id": "%s", "object": "checkout.session", "client_reference_id": %s, "amount_total": %d,
                   "currency": "%s", "payment_status": "paid", "payment_intent": "%s", "metadata": %s}}}""".formatted(
                        id,
                        id,
                        userId.isEmpty() ? "null" : "\"" + userId + "\"",
                        amountMinor,
                        currency,
                        paymentIntent,
                        metadata);
    }

    private static String refund(String paymentIntent, long amount, long refunded) {
        return """
                {"id": "evt_%s", "object": "event", "type": "charge.refunded", "api_version": "2024-06-20",
                 "data": {"object": {"id": "ch_%s", "object": "charge", "amount": %d, "amount_refunded": %d, "currency": "usd",
                   "payment_intent": "%s", "refunded": %b}}}""".formatted(UUID.randomUUID(), paymentIntent, amount, refunded, paymentIntent, refunded == amount);
    }

    private static String dispute(String paymentIntent, long amount) {
        return """
                {"id": "evt_%s", "object": "event", "type": "charge.dispute.created", "api_version": "2024-06-20",
                 "data": {"object": {"id": "dp_%s", "object": "dispute", "amount": %d, "currency": "usd", "charge": "ch_%s",
                   "payment_intent": "%s", "reason": "fraudulent", "status": "needs_response"}}}""".formatted(UUID.randomUUID(), paymentIntent, amount, paymentIntent, paymentIntent);
    }

    private Response deliver(String payload) {
        try {
            String signature =
                    Webhook.Signature.generateSignatureHeader(payload, WEBHOOK_SECRET, Webhook.Util.getTimeNow());
            return send("POST", "/api/webhooks/payments", (String) null, payload, "Stripe-Signature", signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- reading ------------------------------------------------------------------------------------

    private static String account(Caller caller) {
        return "acct_" + caller.id();
    }

    private String lotOf(Caller caller) {
        return events(account(caller)).stream()
                .filter(CreditsPurchased.class::isInstance)
                .map(e -> ((CreditsPurchased) e).lotId())
                .findFirst()
                .orElseThrow();
    }

    private List<Object> events(String aggregateId) {
        return eventStore
                .readEvents(aggregateId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private long eventsMentioning(String text) {
        Long n = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?",
                Long.class,
                "%" + text + "%");
        return n == null ? 0 : n;
    }

    private JsonNode balance(Caller caller) {
        return get("/api/credits/balance", caller).body();
    }

    private List<String> ledgerKinds(Caller caller) {
        return get("/api/credits/ledger", caller).body().path("items").findValuesAsText("kind");
    }
}

package io.benchmarkhub.api.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.net.Webhook;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunRequested;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Managed credits end to end: credits bought through a signed Stripe webhook, a run billed in credits
 * against the local provider server (OpenRouter protocol, catalogue prices), the charge it ends with,
 * its ledger line, its margin row and a clean reconciliation against the provider's report.
 */
class CreditsEndToEndTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    private static String checkoutCompleted(String sessionId, String userId, long credits, long amountCents) {
        return """
                {"id": "evt_%s", "object": "event", "type": "checkout.session.completed", "api_version": "2024-06-20",
                 "data": {"object": {"id": "%s", "object": "checkout.session", "client_reference_id": "%s",
                   "amount_total": %d, "currency": "usd", "payment_status": "paid", "metadata": {"credits": "%d"}}}}""".formatted(sessionId, sessionId, userId, amountCents, credits);
    }

    private Response deliver(String payload, long timestamp, String secret) throws Exception {
        String signature = Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
        return send("POST", "/api/webhooks/payments", (String) null, payload, "Stripe-Signature", signature);
    }

    private Response deliver(String payload) throws Exception {
        return deliver(payload, Webhook.Util.getTimeNow(), WEBHOOK_SECRET);
    }

    private List<Object> events(String aggregateId) {
        return eventStore
                .readEvents(aggregateId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private String account(Caller caller) {
        return "acct_" + caller.id();
    }

    @Test
    void a_payment_is_credited_once_however_often_it_is_delivered() throws Exception {
        String session = "cs_test_" + UUID.randomUUID();
        String payload = checkoutCompleted(session, alice.id(), 500, 2_500);

        Response first = deliver(payload);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.body().path("outcome").asText()).isEqualTo("credited");
        assertThat(deliver(payload).status()).isEqualTo(200);
        assertThat(deliver(payload).status()).isEqualTo(200);

        assertThat(events(account(alice))).singleElement().isInstanceOfSatisfying(CreditsPurchased.class, p -> {
            assertThat(p.credits()).isEqualTo(500);
            assertThat(p.amountMinor()).isEqualTo(2_500);
            assertThat(p.currency()).isEqualTo("usd");
            assertThat(p.paymentId()).isEqualTo(session);
        });
    }

    @Test
    void a_bad_or_stale_signature_is_refused_and_changes_nothing() throws Exception {
        String payload = checkoutCompleted("cs_test_" + UUID.randomUUID(), alice.id(), 500, 2_500);
        long before = totalEvents();

        assertThat(deliver(payload, Webhook.Util.getTimeNow(), "whsec_someone_else")
                        .status())
                .isEqualTo(400);
        assertThat(deliver(payload, Webhook.Util.getTimeNow() - 3_600, WEBHOOK_SECRET)
                        .status())
                .isEqualTo(400);
        Response altered = send(
                "POST",
                "/api/webhooks/payments",
                (String) null,
                payload.replace("500", "5000"),
                "Stripe-Signature",
                Webhook.Signature.generateSignatureHeader(payload, WEBHOOK_SECRET, Webhook.Util.getTimeNow()));
        assertThat(altered.status()).isEqualTo(400);
        assertThat(altered.header("Content-Type")).contains("application/problem+json");
        assertThat(send("POST", "/api/webhooks/payments", (String) null, payload)
                        .status())
                .as("no signature")
                .isEqualTo(400);

        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void other_event_types_and_unpaid_sessions_are_acknowledged_and_ignored() throws Exception {
        long before = totalEvents();
        Response other = deliver("""
                {"id": "evt_1", "object": "event", "type": "invoice.paid", "data": {"object": {"id": "in_1"}}}""");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body().path("outcome").asText()).startsWith("ignored");
        Response unpaid = deliver(checkoutCompleted("cs_test_" + UUID.randomUUID(), alice.id(), 500, 2_500)
                .replace("\"paid\"", "\"unpaid\""));
        assertThat(unpaid.body().path("outcome").asText()).isEqualTo("ignored: not paid yet");
        Response unknownUser = deliver(checkoutCompleted("cs_test_" + UUID.randomUUID(), "usr_nobody", 500, 2_500));
        assertThat(unknownUser.status())
                .as("not a session of ours: Stripe must not retry it")
                .isEqualTo(200);
        assertThat(unknownUser.body().path("status").asText()).isEqualTo("ignored");
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void a_credits_run_reserves_first_and_is_charged_what_its_calls_cost_with_the_markup() throws Exception {
        awaitCatalogue("openai/gpt-4o");
        assertThat(deliver(checkoutCompleted("cs_test_" + UUID.randomUUID(), alice.id(), 100, 1_000))
                        .status())
                .isEqualTo(200);
        String benchmark = createBenchmark(alice, """
                {"title": "Billed", "cases": [{"input": "one", "expected": "one"}, {"input": "two", "expected": "two"},
                 {"input": "three", "expected": "three"}], "graders": [{"type": "contains"}]}""");

        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        eventually(
                () -> events(account(alice)).stream().anyMatch(CreditsCharged.class::isInstance), "the run is charged");

        var request = (RunRequested) events(runId).getFirst();
        assertThat(request.params().maxTokens())
                .as("CREDITS runs cap completions")
                .isEqualTo(1024);
        // the bound: per case ≤ (prompt bytes + 8) × $2.5/M + 1024 × $10/M, × 1.3, in credits of $0.001, rounded up
        assertThat(request.reservedCredits()).isEqualTo(41);
        assertThat(events(runId).getLast()).isInstanceOf(RunCompleted.class);
        long apiCost = events(runId).stream()
                .filter(ModelResponseRecorded.class::isInstance)
                .mapToLong(e -> ((ModelResponseRecorded) e).costMicros())
                .sum();
        // the fake provider reports 10 prompt and 5 completion tokens: 10 × 2.5 + 5 × 10 = 75 µ$ per call
        assertThat(apiCost).isEqualTo(3 * 75);

        List<Object> account = events(account(alice));
        assertThat(account)
                .filteredOn(CreditsReserved.class::isInstance)
                .singleElement()
                .satisfies(r -> assertThat(((CreditsReserved) r).credits()).isEqualTo(41));
        var charge = (CreditsCharged) account.stream()
                .filter(CreditsCharged.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(charge.apiCostMicros()).isEqualTo(225);
        assertThat(charge.credits()).as("⌈225 × 1.3 / 1000⌉").isEqualTo(1);
        assertThat(charge.uncoveredCostMicros()).isZero();
        assertThat(charge.lots()).singleElement().satisfies(lot -> {
            assertThat(lot.credits()).isEqualTo(1);
            assertThat(lot.amountMinor())
                    .as("1 of 100 credits bought for $10.00")
                    .isEqualTo(10);
        });
        assertThat(account)
                .filteredOn(ReservationReleased.class::isInstance)
                .singleElement()
                .satisfies(r -> assertThat(((ReservationReleased) r).credits()).isEqualTo(40));

        // the ledger line and the balance: 100 bought, 1 charged, nothing held any more
        // the charge and the release are two events: wait for both, or the balance can be read between them
        eventually(
                () -> {
                    JsonNode b = get("/api/credits/balance", alice).body();
                    return b.path("balance").asLong() == 99
                            && b.path("reserved").asLong() == 0;
                },
                "the balance shows the charge and the release");
        JsonNode balance = get("/api/credits/balance", alice).body();
        assertThat(balance.path("reserved").asLong()).isZero();
        assertThat(balance.path("available").asLong()).isEqualTo(99);
        JsonNode ledger = get("/api/credits/ledger", alice).body().path("items");
        assertThat(ledger.findValuesAsText("kind")).containsExactly("RELEASED", "CHARGED", "RESERVED", "PURCHASED");
        JsonNode chargeLine = ledger.get(1);
        assertThat(chargeLine.path("runId").asText()).isEqualTo(runId);
        assertThat(chargeLine.path("balanceChange").asLong()).isEqualTo(-1);
        assertThat(chargeLine.path("apiCostMicros").asLong()).isEqualTo(225);

        // the margin row of the model: 10 cents of revenue (100,000 µ$) against 225 µ$ of API cost
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        eventually(
                () -> send(
                                "GET",
                                "/api/finance/margin?groupBy=model&from=" + today + "&to=" + tomorrow,
                                ADMIN_TOKEN,
                                null)
                        .body()
                        .path("rows")
                        .findValuesAsText("key")
                        .contains("openai/gpt-4o"),
                "the margin shows the charge");
        JsonNode margin = send(
                        "GET", "/api/finance/margin?groupBy=model&from=" + today + "&to=" + tomorrow, ADMIN_TOKEN, null)
                .body();
        JsonNode row = null;
        for (JsonNode r : margin.path("rows")) if (r.path("key").asText().equals("openai/gpt-4o")) row = r;
        assertThat(row).isNotNull();
        assertThat(row.path("creditsConsumed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(row.path("revenueMinor").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(row.path("apiCostMicros").asLong()).isGreaterThanOrEqualTo(225);
        assertThat(row.path("marginRatio").asDouble()).isPositive();

        // the provider reports exactly what we recorded for the run's generations: nothing of ours is missing or
        // mismatched
        var generations = events(runId).stream()
                .filter(ModelResponseRecorded.class::isInstance)
                .map(ModelResponseRecorded.class::cast)
                .toList();
        var csv = new StringBuilder("generation_id,cost_micros\n");
        generations.forEach(g ->
                csv.append(g.generationId()).append(',').append(g.costMicros()).append('\n'));
        Response imported = send(
                "POST",
                "/api/finance/provider-costs?format=csv&source=e2e",
                ADMIN_TOKEN,
                csv.toString(),
                "Content-Type",
                "text/csv");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.body().path("imported").asInt()).isEqualTo(3);
        eventually(
                () -> {
                    JsonNode reconciliation = send(
                                    "GET",
                                    "/api/finance/reconciliation?from=" + today + "&to=" + tomorrow,
                                    ADMIN_TOKEN,
                                    null)
                            .body();
                    var ours = generations.stream()
                            .map(ModelResponseRecorded::generationId)
                            .toList();
                    return reconciliation.path("matched").path("count").asLong() >= 3
                            && reconciliation.path("missing").path("items").findValuesAsText("generationId").stream()
                                    .noneMatch(ours::contains)
                            && reconciliation.path("mismatched").path("items").findValuesAsText("generationId").stream()
                                    .noneMatch(ours::contains);
                },
                "a clean reconciliation of the run's generations");
    }

    @Test
    void a_credits_run_the_balance_cannot_cover_is_refused_with_402_and_records_nothing() {
        awaitCatalogue("openai/gpt-4o");
        String benchmark = createBenchmark(bob, """
                {"title": "Unpaid", "cases": [{"input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""");
        long before = totalEvents();
        Response refused = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["openai/gpt-4o"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().path("available").asLong()).isZero();
        assertThat(refused.body().path("needed").asLong()).isPositive();
        assertThat(totalEvents()).isEqualTo(before);
    }

    @Test
    void admins_grant_credits_once_per_idempotency_key_and_others_may_not() {
        String grant = """
                {"accountId": "%s", "credits": 250, "reason": "welcome"}""".formatted(account(alice));
        Response granted = send(
                "POST", "/api/admin/credits/grants", ADMIN_TOKEN, grant, "Idempotency-Key", "welcome-" + alice.id());
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        assertThat(send(
                                "POST",
                                "/api/admin/credits/grants",
                                ADMIN_TOKEN,
                                grant,
                                "Idempotency-Key",
                                "welcome-" + alice.id())
                        .status())
                .isEqualTo(201);
        assertThat(events(account(alice))).hasSize(1);
        assertThat(send("POST", "/api/admin/credits/grants", alice, grant).status())
                .isEqualTo(403);
        Response nobody = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_usr_nobody", "credits": 5, "reason": "x"}""");
        assertThat(nobody.status()).isEqualTo(400);
        Response refundGrant = send("POST", "/api/admin/credits/refunds", ADMIN_TOKEN, """
                {"accountId": "%s", "lotId": "%s"}""".formatted(
                        account(alice), granted.body().path("lotId").asText()));
        assertThat(refundGrant.status()).as("a grant cannot be refunded").isEqualTo(409);
    }

    @Test
    void a_simulated_credits_run_costs_nothing_and_touches_no_account() {
        String benchmark = createBenchmark(bob, """
                {"title": "Free", "cases": [{"input": "one", "expected": "one"}], "graders": [{"type": "contains"}]}""");
        Response started = send("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        eventually(() -> events(runId).getLast() instanceof RunCompleted, "the run completes");
        assertThat(((RunRequested) events(runId).getFirst()).reservedCredits()).isZero();
        assertThat(events(account(bob))).isEmpty();
    }
}

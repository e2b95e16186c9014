package io.benchmarkhub.api.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.StripeEvents;
import io.benchmarkhub.api.leaderboard.LeaderboardHistory;
import io.benchmarkhub.testsupport.CompletedRuns.Result;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Plans and Stripe subscriptions against the real app, PostgreSQL and the local Stripe stand-in: the checkout in
 * subscription mode, the lifecycle through signed webhooks with MRR per day checked against figures computed by hand,
 * the plan on /api/auth/me and the workspace, idempotency, and the plan limits.
 */
class SubscriptionsTest extends ApiTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void a_plan_checkout_opens_a_subscription_session_for_the_caller_or_a_workspace_its_owner_pays_for() {
        int before = STRIPE.calls().size();
        Response pro = send("POST", "/api/billing/checkout", alice, "{\"plan\": \"PRO\"}");
        assertThat(pro.status()).as(pro.text()).isEqualTo(201);
        assertThat(pro.body().get("url").asText()).startsWith(STRIPE.baseUrl() + "/pay/");
        var form = STRIPE.calls().get(before).form();
        assertThat(STRIPE.calls().get(before).authorization()).isEqualTo("Bearer sk_test_checkout_secret");
        assertThat(form)
                .containsEntry("mode", "subscription")
                .containsEntry("client_reference_id", alice.id())
                .containsEntry("line_items[0][price]", "price_test_pro")
                .containsEntry("subscription_data[metadata][subscriber_type]", "USER")
                .containsEntry("subscription_data[metadata][subscriber_id]", alice.id());

        String workspace = workspace(bob);
        Response team = send(
                "POST", "/api/billing/checkout", bob, "{\"plan\": \"TEAM\", \"workspaceId\": \"" + workspace + "\"}");
        assertThat(team.status()).as(team.text()).isEqualTo(201);
        assertThat(STRIPE.calls().getLast().form())
                .containsEntry("line_items[0][price]", "price_test_team")
                .containsEntry("subscription_data[metadata][subscriber_type]", "WORKSPACE")
                .containsEntry("subscription_data[metadata][subscriber_id]", workspace);

        int sent = STRIPE.calls().size();
        // bad input names the field; a workspace one is not in is 404; only owners pay
        for (String body : new String[] {"{}", "{\"plan\": \"FREE\"}", "{\"plan\": \"GOLD\"}"}) {
            Response bad = send("POST", "/api/billing/checkout", alice, body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("plan");
        }
        assertThat(field(send("POST", "/api/billing/checkout", alice, "{\"plan\": \"TEAM\"}")))
                .isEqualTo("workspaceId");
        assertThat(field(send(
                        "POST",
                        "/api/billing/checkout",
                        bob,
                        "{\"plan\": \"PRO\", \"workspaceId\": \"" + workspace + "\"}")))
                .isEqualTo("workspaceId");
        assertThat(send(
                                "POST",
                                "/api/billing/checkout",
                                alice,
                                "{\"plan\": \"TEAM\", \"workspaceId\": \"" + workspace + "\"}")
                        .status())
                .isEqualTo(404);
        String admin = addMember(workspace, bob, "ADMIN");
        Response notOwner = send(
                "POST", "/api/billing/checkout", admin, "{\"plan\": \"TEAM\", \"workspaceId\": \"" + workspace + "\"}");
        assertThat(notOwner.status()).isEqualTo(403);
        assertThat(notOwner.body().get("limit").asText()).isEqualTo("billing");
        assertThat(STRIPE.calls()).hasSize(sent);

        // once subscribed, a second checkout for the same subscriber is a conflict
        long now = Instant.now().getEpochSecond();
        deliver(subscriptionEvent(
                "customer.subscription.created",
                "sub_" + uid(),
                "USER",
                alice.id(),
                "price_test_pro",
                "active",
                1,
                now));
        assertThat(send("POST", "/api/billing/checkout", alice, "{\"plan\": \"PRO\"}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void the_lifecycle_through_signed_webhooks_sets_the_plan_and_mrr_per_day_matches_the_figures_by_hand() {
        // a window of 2001 no other test writes subscriptions into, and alice on the books before it
        jdbc.update(
                "UPDATE app_user SET created_at = ? WHERE id = ?",
                Timestamp.from(Instant.parse("2000-12-01T00:00:00Z")),
                alice.id());
        String workspace = workspace(bob);
        String personal = "sub_" + uid();
        String team = "sub_" + uid();
        List<String> delivered = new ArrayList<>();

        // Jan 1: alice subscribes to Pro (19.00 a month) and pays
        delivered.add(deliver(subscriptionEvent(
                "customer.subscription.created", personal, "USER", alice.id(), "price_test_pro", "active", 1, day(1))));
        assertThat(me(alice).get("plan").asText()).isEqualTo("PRO");
        assertThat(me(alice).get("subscription").get("status").asText()).isEqualTo("active");
        delivered.add(deliver(invoiceEvent("invoice.paid", personal, "in_" + uid(), 1900, day(1) + 60)));
        // Jan 2: bob's workspace subscribes to Team (49.00) and pays
        delivered.add(deliver(subscriptionEvent(
                "customer.subscription.created",
                team,
                "WORKSPACE",
                workspace,
                "price_test_team",
                "active",
                1,
                day(2))));
        delivered.add(deliver(invoiceEvent("invoice.paid", team, "in_" + uid(), 4900, day(2) + 60)));
        JsonNode ws = get("/api/workspaces/" + workspace, bob).body();
        assertThat(ws.get("plan").asText()).isEqualTo("TEAM");
        assertThat(ws.get("subscription").get("mrrMinor").asLong()).isEqualTo(4900);
        // Jan 3: alice's renewal fails: past due; Stripe retries, so it still counts in MRR, but the grace (7 days) is
        // long over by now, so her plan is Free again
        String failed = deliver(invoiceEvent("invoice.payment_failed", personal, "in_" + uid(), 0, day(3)));
        delivered.add(failed);
        assertThat(me(alice).get("plan").asText()).isEqualTo("FREE");
        assertThat(me(alice).get("subscription").get("status").asText()).isEqualTo("past_due");
        // the same event again changes nothing; an older one delivered late neither
        assertThat(redeliver(failed).get("outcome").asText()).contains("received before");
        JsonNode late = deliverJson(subscriptionEvent(
                "customer.subscription.updated",
                personal,
                "USER",
                alice.id(),
                "price_test_pro",
                "canceled",
                1,
                day(2)));
        assertThat(late.get("status").asText()).isEqualTo("ignored");
        // Jan 4: the retry is paid: active and Pro again
        delivered.add(deliver(invoiceEvent("invoice.paid", personal, "in_" + uid(), 1900, day(4))));
        assertThat(me(alice).get("plan").asText()).isEqualTo("PRO");
        // Jan 5: alice cancels: Free
        delivered.add(deliver(subscriptionEvent(
                "customer.subscription.deleted",
                personal,
                "USER",
                alice.id(),
                "price_test_pro",
                "canceled",
                1,
                day(5))));
        assertThat(me(alice).get("plan").asText()).isEqualTo("FREE");
        assertThat(me(alice).get("subscription").get("status").asText()).isEqualTo("canceled");
        // Jan 6: the workspace takes two seats
        delivered.add(deliver(subscriptionEvent(
                "customer.subscription.updated",
                team,
                "WORKSPACE",
                workspace,
                "price_test_team",
                "active",
                2,
                day(6))));

        // by hand: MRR at the end of each day, Jan 1 to Jan 7
        long[] mrr = {1900, 1900 + 4900, 1900 + 4900, 1900 + 4900, 4900, 2 * 4900, 2 * 4900};
        JsonNode kpis = get("/api/kpis?period=day&from=2001-01-01&to=2001-01-08", analyst())
                .body();
        JsonNode periods = kpis.get("subscriptions");
        assertThat(periods).hasSize(7);
        long previous = 0;
        for (int i = 0; i < 7; i++) {
            JsonNode p = periods.get(i);
            assertThat(p.get("start").asText()).isEqualTo("2001-01-0" + (i + 1) + "T00:00:00Z");
            assertThat(p.get("mrrMinor").asLong()).as("MRR on Jan %d", i + 1).isEqualTo(mrr[i]);
            assertThat(p.get("netNewMrrMinor").asLong())
                    .as("net new MRR on Jan %d", i + 1)
                    .isEqualTo(mrr[i] - previous);
            assertThat(p.get("currency").asText()).isEqualTo("usd");
            previous = mrr[i];
        }
        // Pro conversion: alice alone was on the books; Free on Jan 1 and converted that day; paying when Jan 2-5 began
        // (so not on Free); Free again from Jan 6 without converting
        assertThat(periods.get(0).get("proConversion").get("count").asLong()).isEqualTo(1);
        assertThat(periods.get(0).get("proConversion").get("of").asLong()).isEqualTo(1);
        assertThat(periods.get(0).get("proConversion").get("rate").asDouble()).isEqualTo(1.0);
        assertThat(periods.get(1).get("proConversion").get("of").asLong()).isZero();
        assertThat(periods.get(1).get("proConversion").get("rate").isNull()).isTrue();
        assertThat(periods.get(5).get("proConversion").get("count").asLong()).isZero();
        assertThat(periods.get(5).get("proConversion").get("of").asLong()).isEqualTo(1);
        // a week: MRR at its end, net new against its start (0)
        JsonNode week = get("/api/kpis?period=month&from=2001-01-01&to=2001-02-01", analyst())
                .body()
                .get("subscriptions")
                .get(0);
        assertThat(week.get("mrrMinor").asLong()).isEqualTo(9800);
        assertThat(week.get("netNewMrrMinor").asLong()).isEqualTo(9800);

        // finance: the three invoices paid, by day, beside the credit margin
        JsonNode revenue = get("/api/finance/subscriptions?from=2001-01-01&to=2001-01-08", analyst())
                .body();
        assertThat(revenue.get("days").findValuesAsText("day"))
                .containsExactly("2001-01-01", "2001-01-02", "2001-01-04");
        assertThat(revenue.get("days").findValues("revenueMinor"))
                .extracting(JsonNode::asLong)
                .containsExactly(1900L, 4900L, 1900L);
        assertThat(revenue.get("totals").get(0).get("revenueMinor").asLong()).isEqualTo(8700);
        assertThat(revenue.get("mrrMinor").asLong()).isEqualTo(9800);
        assertThat(get("/api/finance/subscriptions", alice).status()).isEqualTo(403);
        assertThat(get("/api/finance/subscriptions?from=2001-13-01", analyst())
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asText())
                .isEqualTo("from");

        // every change is an event of ids and cents: no email, no card
        var types = jdbc.queryForList(
                "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                String.class,
                personal);
        assertThat(types)
                .extracting(t -> t.substring(t.lastIndexOf('.') + 1))
                .containsExactly(
                        "SubscriptionChanged",
                        "SubscriptionInvoicePaid",
                        "SubscriptionChanged",
                        "SubscriptionInvoicePaid",
                        "SubscriptionChanged",
                        "SubscriptionChanged");
        String payloads = String.join(
                "\n",
                jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)",
                        String.class,
                        personal,
                        team));
        assertThat(payloads).doesNotContain("@").doesNotContain("4242").contains("\"mrrMinor\":1900");

        // the figures answered above are kept only while what they are computed from is unchanged: a change delivered
        // now (a third seat from Jan 7) moves them at once
        deliver(subscriptionEvent(
                "customer.subscription.updated", team, "WORKSPACE", workspace, "price_test_team", "active", 3, day(7)));
        JsonNode again = get("/api/kpis?period=day&from=2001-01-01&to=2001-01-08", analyst())
                .body()
                .get("subscriptions");
        assertThat(again.get(5).get("mrrMinor").asLong()).isEqualTo(mrr[5]);
        assertThat(again.get(6).get("mrrMinor").asLong()).isEqualTo(3 * 4900);
        assertThat(again.get(6).get("netNewMrrMinor").asLong()).isEqualTo(4900);
        // and so does a user's sign-up time set by hand (no row added): Free in January, never converted
        Caller carol = createUser("carol");
        assertThat(again.get(5).get("proConversion").get("of").asLong())
                .isEqualTo(periods.get(5).get("proConversion").get("of").asLong());
        assertThat(get("/api/kpis?period=day&from=2001-01-01&to=2001-01-08", analyst())
                        .body()
                        .get("subscriptions")
                        .get(5)
                        .get("proConversion")
                        .get("of")
                        .asLong())
                .as("a user who signed up now is not on January's books")
                .isEqualTo(periods.get(5).get("proConversion").get("of").asLong());
        jdbc.update(
                "UPDATE app_user SET created_at = ? WHERE id = ?",
                Timestamp.from(Instant.parse("2000-12-01T00:00:00Z")),
                carol.id());
        assertThat(get("/api/kpis?period=day&from=2001-01-01&to=2001-01-08", analyst())
                        .body()
                        .get("subscriptions")
                        .get(5)
                        .get("proConversion")
                        .get("of")
                        .asLong())
                .isEqualTo(periods.get(5).get("proConversion").get("of").asLong() + 1);
    }

    @Test
    void a_payment_failure_keeps_the_plan_through_the_grace_and_a_mismatched_price_is_refused() {
        long now = Instant.now().getEpochSecond();
        String id = "sub_" + uid();
        deliver(subscriptionEvent(
                "customer.subscription.created", id, "USER", alice.id(), "price_test_pro", "active", 1, now - 10));
        deliver(invoiceEvent("invoice.payment_failed", id, "in_" + uid(), 0, now - 5));
        JsonNode me = me(alice);
        assertThat(me.get("plan").asText()).isEqualTo("PRO");
        assertThat(me.get("subscription").get("status").asText()).isEqualTo("past_due");
        assertThat(me.get("subscription").get("pastDueSince").asText()).isNotBlank();

        // a Team price on a personal subscription, or an unknown price, changes nothing
        int events = (int) eventCount(id);
        Response wrong = sendStripe(subscriptionEvent(
                "customer.subscription.updated", id, "USER", alice.id(), "price_test_team", "active", 1, now));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("errors").get(0).get("field").asText())
                .isEqualTo("data.object.items.data[0].price.id");
        assertThat(eventCount(id)).isEqualTo(events);
        // an event of ours without its time cannot be ordered: refused, naming the field
        Response untimed = sendStripe(subscriptionEvent(
                        "customer.subscription.updated", id, "USER", alice.id(), "price_test_pro", "active", 1, now)
                .replaceFirst("\"created\": \\d+,", ""));
        assertThat(untimed.status()).as(untimed.text()).isEqualTo(400);
        assertThat(untimed.body().get("errors").get(0).get("field").asText()).isEqualTo("created");
        assertThat(eventCount(id)).isEqualTo(events);
        // a subscription of no BenchmarkHub subscriber, and a bad signature
        assertThat(deliverJson(subscriptionEvent(
                                "customer.subscription.created",
                                "sub_" + uid(),
                                "USER",
                                "usr_nobody",
                                "price_test_pro",
                                "active",
                                1,
                                now))
                        .get("status")
                        .asText())
                .isEqualTo("ignored");
        String payload = subscriptionEvent(
                "customer.subscription.deleted", id, "USER", alice.id(), "price_test_pro", "canceled", 1, now);
        assertThat(send("POST", "/api/webhooks/payments", (String) null, payload, "Stripe-Signature", "t=1,v1=00")
                        .status())
                .isEqualTo(400);
        assertThat(me(alice).get("plan").asText()).isEqualTo("PRO");
        // an invoice of ours whose subscription has not arrived yet is delivered again later (409)
        String early = """
                {"id": "evt_%s", "object": "event", "type": "invoice.paid", "created": %d,
                 "data": {"object": {"id": "in_%s", "object": "invoice", "subscription": "sub_%s", "amount_paid": 1900, "currency": "usd",
                   "subscription_details": {"metadata": {"subscriber_type": "USER", "subscriber_id": "%s"}}}}}""".formatted(uid(), now, uid(), uid(), alice.id());
        assertThat(sendStripe(early).status()).isEqualTo(409);
    }

    /** A benchmark without a visibility: private. */
    private static final String ONE_MORE = """
            {"title": "One more", "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""";

    @Test
    void free_holds_ten_private_benchmarks_and_pro_lifts_the_limit() {
        Caller carol = createUser("carol");
        for (int i = 0; i < 10; i++) createBenchmark(carol, "Private " + i, "PRIVATE");
        Response refused = send("POST", "/api/benchmarks", carol, ONE_MORE);
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.body().get("limit").asText()).isEqualTo("private-benchmarks");
        assertThat(refused.body().get("plan").asText()).isEqualTo("FREE");
        assertThat(refused.body().get("requiredPlan").asText()).isEqualTo("PRO");
        assertThat(refused.body().get("max").asInt()).isEqualTo(10);
        // public ones are not limited, and making one private again is the same limit
        String open = createBenchmark(carol, "Public", "PUBLIC");
        assertThat(send("POST", "/api/benchmarks/" + open + "/unpublish", carol, null)
                        .status())
                .isEqualTo(402);
        assertThat(send("POST", "/api/benchmarks/" + open + "/forks", carol, "{\"visibility\": \"PRIVATE\"}")
                        .status())
                .isEqualTo(402);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM benchmark WHERE owner_id = ? AND visibility = 'PRIVATE'",
                        Long.class,
                        carol.id()))
                .isEqualTo(10);

        deliver(subscriptionEvent(
                "customer.subscription.created",
                "sub_" + uid(),
                "USER",
                carol.id(),
                "price_test_pro_yearly",
                "active",
                1,
                Instant.now().getEpochSecond()));
        assertThat(me(carol).get("subscription").get("mrrMinor").asLong()).isEqualTo(19000 / 12);
        assertThat(send("POST", "/api/benchmarks", carol, ONE_MORE).status()).isEqualTo(201);
    }

    @Test
    void a_workspace_ranks_models_across_its_private_benchmarks_for_its_members_on_team_only() {
        String workspace = workspace(bob);
        String viewer = addMember(workspace, bob, "VIEWER");
        String prefix = "wsr-" + uid() + "/";
        var history = new LeaderboardHistory(eventStore, jdbc);
        for (int b = 0; b < 2; b++) {
            Response created = send("POST", "/api/benchmarks", bob, """
                    {"title": "Team %d", "visibility": "PRIVATE", "workspaceId": "%s",
                     "cases": [{"input": "1", "expected": "1"}], "graders": [{"type": "exact"}]}""".formatted(b, workspace));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.body().get("id").asText();
            String hash =
                    get("/api/benchmarks/" + id, bob).body().get("contentHash").asText();
            history.completedRun(
                    bob.id(),
                    id,
                    1,
                    hash,
                    20,
                    List.of(Result.of(prefix + "strong", 0.9, 0.02, 10), Result.of(prefix + "weak", 0.4, 0.02, 10)));
        }
        String path = "/api/workspaces/" + workspace + "/leaderboards/models";
        Response free = get(path, bob);
        assertThat(free.status()).isEqualTo(402);
        assertThat(free.body().get("limit").asText()).isEqualTo("workspace-leaderboards");
        assertThat(free.body().get("requiredPlan").asText()).isEqualTo("TEAM");
        assertThat(get(path, alice).status()).isEqualTo(404);
        assertThat(get(path, (Caller) null).status()).isEqualTo(401);

        deliver(subscriptionEvent(
                "customer.subscription.created",
                "sub_" + uid(),
                "WORKSPACE",
                workspace,
                "price_test_team",
                "active",
                1,
                Instant.now().getEpochSecond()));
        // both benchmarks' runs: the first one alone already ranks both models
        eventually(
                () -> send("GET", path, viewer, null).body().get("benchmarks").asInt() == 2,
                "both benchmarks' runs are ranked");
        JsonNode ranking = send("GET", path, viewer, null).body();
        assertThat(ranking.get("models").findValuesAsText("model")).containsExactly(prefix + "strong", prefix + "weak");
        assertThat(ranking.get("benchmarks").asInt()).isEqualTo(2);
        assertThat(get(path, alice).status()).isEqualTo(404);
        // nothing of it in the public ranking
        assertThat(get("/api/leaderboards/models?includeSimulated=true", alice).text())
                .doesNotContain(prefix);
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static long day(int dayOfJanuary2001) {
        return LocalDate.of(2001, 1, dayOfJanuary2001)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toEpochSecond()
                + 10 * 3600;
    }

    private Caller analyst() {
        return createUser("analyst", "ANALYST");
    }

    private JsonNode me(Caller caller) {
        Response me = get("/api/auth/me", caller);
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        return me.body();
    }

    private static String field(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        return response.body().get("errors").get(0).get("field").asText();
    }

    private String workspace(Caller owner) {
        Response created =
                send("POST", "/api/workspaces", owner, "{\"name\": \"Billing\", \"slug\": \"bill-" + uid() + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    /** The bearer token of a new member of the workspace with the role (a workspace token's service account). */
    private String addMember(String workspace, Caller admin, String role) {
        Response token = send(
                "POST",
                "/api/workspaces/" + workspace + "/tokens",
                admin,
                "{\"name\": \"ci-" + uid() + "\", \"role\": \"" + role + "\"}");
        assertThat(token.status()).as(token.text()).isEqualTo(201);
        return token.body().get("token").asText();
    }

    private static String subscriptionEvent(
            String type,
            String id,
            String subscriberType,
            String subscriberId,
            String price,
            String status,
            int quantity,
            long created) {
        return StripeEvents.subscription(
                type, id, "cus_" + uid(), subscriberType, subscriberId, price, 1L, status, quantity, false, created);
    }

    private static String invoiceEvent(String type, String subscription, String invoice, long paid, long created) {
        return """
                {"id": "evt_%s", "object": "event", "type": "%s", "created": %d,
                 "data": {"object": {"id": "%s", "object": "invoice", "subscription": "%s", "amount_paid": %d,
                   "currency": "usd", "customer_email": "x@example.com"}}}""".formatted(uid(), type, created, invoice, subscription, paid);
    }

    private JsonNode deliverJson(String payload) {
        Response response = sendStripe(payload);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    /** Delivers a signed event that must change the subscription; returns the payload, to deliver it again. */
    private String deliver(String payload) {
        assertThat(deliverJson(payload).get("status").asText()).isEqualTo("subscription");
        return payload;
    }

    private JsonNode redeliver(String payload) {
        return deliverJson(payload);
    }
}

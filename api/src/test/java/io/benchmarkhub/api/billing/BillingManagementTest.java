package io.benchmarkhub.api.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.StripeEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Buying credits through POST /api/billing/checkout, managing a plan in Stripe's Customer Portal and what comes back
 * from it (a cancellation at the period's end, a change of price), and a new checkout beside an abandoned one's
 * incomplete subscription: against the real app, PostgreSQL, the local Stripe stand-in and signed webhooks.
 */
class BillingManagementTest extends ApiTestBase {

    @AfterEach
    void answerAgain() {
        STRIPE.refuse(0);
    }

    @Test
    void credits_bought_through_the_billing_checkout_arrive_through_the_webhook_in_the_ledger() throws Exception {
        STRIPE.connect("http://localhost:" + port, WEBHOOK_SECRET);
        String workspace = workspace(alice);
        int before = STRIPE.calls().size();
        Response opened = send(
                "POST",
                "/api/billing/checkout",
                alice,
                "{\"credits\": \"price_test_500\", \"workspaceId\": \"" + workspace + "\"}");
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        String session = opened.body().get("sessionId").asText();
        assertThat(opened.body().get("url").asText()).isEqualTo(STRIPE.baseUrl() + "/pay/" + session);
        assertThat(STRIPE.calls().get(before).authorization()).isEqualTo("Bearer sk_test_checkout_secret");
        assertThat(STRIPE.calls().get(before).form())
                .containsEntry("mode", "payment")
                .containsEntry("client_reference_id", alice.id())
                .containsEntry("line_items[0][price]", "price_test_500")
                .containsEntry("metadata[credits]", "500")
                .containsEntry("metadata[workspace_id]", workspace)
                .containsEntry(
                        "success_url",
                        "http://localhost:8080/workspaces/" + workspace
                                + "?checkout=success&session={CHECKOUT_SESSION_ID}");

        // exactly one of plan and credits; the credits' own rules as on /api/credits/checkout, naming credits
        int sent = STRIPE.calls().size();
        Response neither = send("POST", "/api/billing/checkout", alice, "{}");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.body().get("errors").findValuesAsText("field")).containsExactly("plan", "credits");
        Response both =
                send("POST", "/api/billing/checkout", alice, "{\"plan\": \"PRO\", \"credits\": \"price_test_100\"}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body().get("errors").findValuesAsText("field")).contains("credits");
        for (String body : new String[] {"{\"credits\": \"\"}", "{\"credits\": \"price_nope\"}"}) {
            Response bad = send("POST", "/api/billing/checkout", alice, body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("credits");
        }
        String admin = addMember(workspace, alice, "ADMIN");
        assertThat(send(
                                "POST",
                                "/api/billing/checkout",
                                admin,
                                "{\"credits\": \"price_test_100\", \"workspaceId\": \"" + workspace + "\"}")
                        .status())
                .isEqualTo(403);
        Response outsider = send(
                "POST",
                "/api/billing/checkout",
                bob,
                "{\"credits\": \"price_test_100\", \"workspaceId\": \"" + workspace + "\"}");
        assertThat(outsider.status()).isEqualTo(400);
        assertThat(outsider.body().get("errors").get(0).get("field").asText()).isEqualTo("workspaceId");
        assertThat(STRIPE.calls()).hasSize(sent);

        // the buyer pays on Stripe's page: Stripe's signed checkout.session.completed reaches the webhook
        assertThat(pay(session)).isEqualTo(303);
        eventually(
                () -> get("/api/workspaces/" + workspace + "/credits/balance", alice)
                                .body()
                                .get("balance")
                                .asLong()
                        == 500,
                "the workspace's purchase is in its ledger");
        assertThat(eventCount("acct_" + workspace)).isEqualTo(1);

        // for oneself, without a workspace: the caller's own account, back to /credits
        Response own = send("POST", "/api/billing/checkout", bob, "{\"credits\": \"price_test_100\"}");
        assertThat(own.status()).as(own.text()).isEqualTo(201);
        assertThat(STRIPE.calls().getLast().form())
                .containsEntry("cancel_url", "http://localhost:8080/credits?checkout=cancelled")
                .doesNotContainKey("metadata[workspace_id]");
        assertThat(pay(own.body().get("sessionId").asText())).isEqualTo(303);
        eventually(
                () -> get("/api/credits/balance", bob).body().get("balance").asLong() == 100,
                "bob's purchase is in his ledger");
    }

    @Test
    void
            the_portal_opens_for_the_subscriber_or_a_workspace_owner_and_a_cancellation_keeps_the_plan_to_the_period_end() {
        Caller carol = createUser("carol");
        Response none = send("POST", "/api/billing/portal", carol, null);
        assertThat(none.status()).as(none.text()).isEqualTo(409);
        assertThat(none.body().get("detail").asText()).contains("buy a plan first");

        long now = Instant.now().getEpochSecond();
        String sub = "sub_" + uid();
        String customer = "cus_" + uid();
        deliver(event(
                "customer.subscription.created",
                sub,
                customer,
                "USER",
                carol.id(),
                "price_test_pro",
                "active",
                false,
                now));
        int before = STRIPE.portalCalls().size();
        Response portal = send("POST", "/api/billing/portal", carol, "{}");
        assertThat(portal.status()).as(portal.text()).isEqualTo(201);
        assertThat(portal.body().get("url").asText()).startsWith(STRIPE.baseUrl() + "/portal/bps_test_");
        var call = STRIPE.portalCalls().get(before);
        assertThat(call.authorization()).isEqualTo("Bearer sk_test_checkout_secret");
        assertThat(call.form())
                .containsEntry("customer", customer)
                .containsEntry("return_url", "http://localhost:8080/account");

        // a workspace's portal: owners only; not a member: 404; no subscription yet: 409
        String workspace = workspace(bob);
        assertThat(send("POST", "/api/billing/portal", bob, "{\"workspaceId\": \"" + workspace + "\"}")
                        .status())
                .isEqualTo(409);
        String teamCustomer = "cus_" + uid();
        deliver(event(
                "customer.subscription.created",
                "sub_" + uid(),
                teamCustomer,
                "WORKSPACE",
                workspace,
                "price_test_team",
                "active",
                false,
                now));
        String admin = addMember(workspace, bob, "ADMIN");
        Response notOwner = send("POST", "/api/billing/portal", admin, "{\"workspaceId\": \"" + workspace + "\"}");
        assertThat(notOwner.status()).isEqualTo(403);
        assertThat(notOwner.body().get("limit").asText()).isEqualTo("billing");
        assertThat(send("POST", "/api/billing/portal", carol, "{\"workspaceId\": \"" + workspace + "\"}")
                        .status())
                .isEqualTo(404);
        Response team = send("POST", "/api/billing/portal", bob, "{\"workspaceId\": \"" + workspace + "\"}");
        assertThat(team.status()).as(team.text()).isEqualTo(201);
        assertThat(STRIPE.portalCalls().getLast().form())
                .containsEntry("customer", teamCustomer)
                .containsEntry("return_url", "http://localhost:8080/workspaces/" + workspace);

        // Stripe refusing: 502, nothing of its message
        STRIPE.refuse(401);
        Response refused = send("POST", "/api/billing/portal", carol, null);
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.text()).doesNotContain("sk_test").doesNotContain("Invalid API Key");
        STRIPE.refuse(0);

        // cancelled in the portal: Stripe reports cancel_at_period_end; the plan stays until the period's end
        deliver(event(
                "customer.subscription.updated",
                sub,
                customer,
                "USER",
                carol.id(),
                "price_test_pro",
                "active",
                true,
                now + 5));
        JsonNode me = get("/api/auth/me", carol).body();
        assertThat(me.get("plan").asText()).isEqualTo("PRO");
        assertThat(me.get("subscription").get("cancelAtPeriodEnd").asBoolean()).isTrue();
        assertThat(Instant.parse(me.get("subscription").get("currentPeriodEnd").asText()))
                .isEqualTo(Instant.ofEpochSecond(now + 5 + 30 * 86400));
        assertThat(jdbc.queryForList(
                        "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " ORDER BY sequence_number",
                        String.class,
                        sub))
                .last()
                .asString()
                .contains("\"cancelAtPeriodEnd\":true")
                .doesNotContain("@");
        // changed their mind (renewed in the portal), then moved to the yearly price: the plan and MRR follow the price
        deliver(event(
                "customer.subscription.updated",
                sub,
                customer,
                "USER",
                carol.id(),
                "price_test_pro",
                "active",
                false,
                now + 6));
        assertThat(get("/api/auth/me", carol)
                        .body()
                        .get("subscription")
                        .get("cancelAtPeriodEnd")
                        .asBoolean())
                .isFalse();
        deliver(event(
                "customer.subscription.updated",
                sub,
                customer,
                "USER",
                carol.id(),
                "price_test_pro_yearly",
                "active",
                false,
                now + 7));
        me = get("/api/auth/me", carol).body();
        assertThat(me.get("plan").asText()).isEqualTo("PRO");
        assertThat(me.get("subscription").get("mrrMinor").asLong()).isEqualTo(19000 / 12);
        // the period ends: Stripe deletes it, Free
        deliver(event(
                "customer.subscription.updated",
                sub,
                customer,
                "USER",
                carol.id(),
                "price_test_pro_yearly",
                "active",
                true,
                now + 8));
        deliver(event(
                "customer.subscription.deleted",
                sub,
                customer,
                "USER",
                carol.id(),
                "price_test_pro_yearly",
                "canceled",
                true,
                now + 9));
        me = get("/api/auth/me", carol).body();
        assertThat(me.get("plan").asText()).isEqualTo("FREE");
        assertThat(me.get("subscription").get("status").asText()).isEqualTo("canceled");
        assertThat(me.get("subscription").get("cancelAtPeriodEnd").asBoolean()).isFalse();
        // the workspace shows its own
        deliver(event(
                "customer.subscription.updated",
                jdbc.queryForObject("SELECT id FROM subscription WHERE subscriber_id = ?", String.class, workspace),
                teamCustomer,
                "WORKSPACE",
                workspace,
                "price_test_team",
                "active",
                true,
                now + 5));
        JsonNode ws = get("/api/workspaces/" + workspace, bob).body();
        assertThat(ws.get("plan").asText()).isEqualTo("TEAM");
        assertThat(ws.get("subscription").get("cancelAtPeriodEnd").asBoolean()).isTrue();
    }

    @Test
    void an_incomplete_subscription_does_not_block_a_new_checkout_and_never_overrides_the_later_one() {
        Caller dave = createUser("dave");
        long now = Instant.now().getEpochSecond();
        String abandoned = "sub_" + uid();
        String abandonedCustomer = "cus_" + uid();
        deliver(event(
                "customer.subscription.created",
                abandoned,
                abandonedCustomer,
                "USER",
                dave.id(),
                "price_test_pro",
                "incomplete",
                false,
                now));
        assertThat(get("/api/auth/me", dave).body().get("plan").asText()).isEqualTo("FREE");
        Response again = send("POST", "/api/billing/checkout", dave, "{\"plan\": \"PRO\"}");
        assertThat(again.status()).as(again.text()).isEqualTo(201);

        String paid = "sub_" + uid();
        String paidCustomer = "cus_" + uid();
        deliver(event(
                "customer.subscription.created",
                paid,
                paidCustomer,
                "USER",
                dave.id(),
                "price_test_pro",
                "active",
                false,
                now + 10));
        JsonNode me = get("/api/auth/me", dave).body();
        assertThat(me.get("plan").asText()).isEqualTo("PRO");
        assertThat(me.get("subscription").get("id").asText()).isEqualTo(paid);
        assertThat(send("POST", "/api/billing/checkout", dave, "{\"plan\": \"PRO\"}")
                        .status())
                .isEqualTo(409);

        // the abandoned one paid late after all, then ended: the later one stays the one shown and managed
        deliver(event(
                "customer.subscription.updated",
                abandoned,
                abandonedCustomer,
                "USER",
                dave.id(),
                "price_test_pro",
                "active",
                false,
                now + 20));
        assertThat(get("/api/auth/me", dave)
                        .body()
                        .get("subscription")
                        .get("id")
                        .asText())
                .isEqualTo(paid);
        send("POST", "/api/billing/portal", dave, null);
        assertThat(STRIPE.portalCalls().getLast().form()).containsEntry("customer", paidCustomer);
        deliver(event(
                "customer.subscription.deleted",
                abandoned,
                abandonedCustomer,
                "USER",
                dave.id(),
                "price_test_pro",
                "canceled",
                false,
                now + 30));
        me = get("/api/auth/me", dave).body();
        assertThat(me.get("plan").asText()).isEqualTo("PRO");
        assertThat(me.get("subscription").get("id").asText()).isEqualTo(paid);
        assertThat(me.get("subscription").get("status").asText()).isEqualTo("active");

        // an incomplete one that expires beside an active one changes nothing either
        Caller erin = createUser("erin");
        String expired = "sub_" + uid();
        deliver(event(
                "customer.subscription.created",
                expired,
                "cus_" + uid(),
                "USER",
                erin.id(),
                "price_test_pro",
                "incomplete",
                false,
                now));
        String active = "sub_" + uid();
        deliver(event(
                "customer.subscription.created",
                active,
                "cus_" + uid(),
                "USER",
                erin.id(),
                "price_test_pro",
                "active",
                false,
                now + 10));
        deliver(event(
                "customer.subscription.updated",
                expired,
                "cus_" + uid(),
                "USER",
                erin.id(),
                "price_test_pro",
                "incomplete_expired",
                false,
                now + 20));
        me = get("/api/auth/me", erin).body();
        assertThat(me.get("plan").asText()).isEqualTo("PRO");
        assertThat(me.get("subscription").get("id").asText()).isEqualTo(active);
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Presses Pay on the stand-in's checkout page: it delivers Stripe's signed event, then redirects (303). */
    private static int pay(String session) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create(STRIPE.baseUrl() + "/pay/" + session))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private String workspace(Caller owner) {
        Response created =
                send("POST", "/api/workspaces", owner, "{\"name\": \"Billing\", \"slug\": \"bm-" + uid() + "\"}");
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

    private static String event(
            String type,
            String id,
            String customer,
            String subscriberType,
            String subscriberId,
            String price,
            String status,
            boolean cancelAtPeriodEnd,
            long created) {
        return StripeEvents.subscription(
                type, id, customer, subscriberType, subscriberId, price, null, status, 1, cancelAtPeriodEnd, created);
    }

    /** Delivers a signed event that must change the subscription. */
    private void deliver(String payload) {
        Response response = sendStripe(payload);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.body().get("status").asText()).as(response.text()).isEqualTo("subscription");
    }
}

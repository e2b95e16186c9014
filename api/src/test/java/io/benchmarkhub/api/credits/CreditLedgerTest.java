package io.benchmarkhub.api.credits;

import static io.benchmarkhub.api.credits.FinanceHistory.charge;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.events.CreditEvent;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsRefunded;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.credits.CreditLedgerProjection;
import io.benchmarkhub.projections.credits.FinanceProjection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** GET /api/credits/balance and /ledger over an account history appended by hand, with hand-computed figures. */
class CreditLedgerTest extends FinanceTestBase {

    @Autowired
    CreditLedgerProjection ledgerProjection;

    @Autowired
    FinanceProjection financeProjection;

    /**
     * $10.00 for 1,000 credits, 200 granted, 300 reserved for a run that is charged 170 (all from the bought lot, FIFO:
     * ⌊1000 × 170 ÷ 1000⌋ = 170 cents) and releases the other 130; the bought lot's 830 unused credits are refunded
     * with the rest of its price, 1000 − 170 = 830 cents. Balance/reserved after each: 1000/0, 1200/0, 1200/300,
     * 1030/130, 1030/0, 200/0.
     */
    private record Story(AccountId account, RunId run, List<CreditEvent> events, Instant start) {}

    private Story story(String userId, String adminId) {
        var account = AccountId.of(new UserId(userId));
        var run = RunId.generate();
        Instant start = freshMonth().atDay(5).atTime(8, 0).toInstant(ZoneOffset.UTC);
        return new Story(
                account,
                run,
                List.of(
                        new CreditsPurchased(account, "lot_cs_1", 1000, 1000, "usd", "cs_1"),
                        new CreditsGranted(account, "lot_grant_1", 200, "welcome", new UserId(adminId)),
                        new CreditsReserved(account, run, 300),
                        charge(
                                account,
                                run,
                                170,
                                130_769,
                                List.of(new LotUse("lot_cs_1", 170, 170, "usd")),
                                new ModelCost("openai/gpt-4o", 100_000),
                                new ModelCost("anthropic/claude", 30_769)),
                        new ReservationReleased(account, run, 130),
                        new CreditsRefunded(account, new LotUse("lot_cs_1", 830, 830, "usd"), new UserId(adminId))),
                start);
    }

    @Test
    void each_credit_event_moves_the_balance_and_reservations_by_hand_computed_amounts() {
        Story story = story(alice.id(), adminId());
        long[][] after = {{1000, 0}, {1200, 0}, {1200, 300}, {1030, 130}, {1030, 0}, {200, 0}};
        for (int i = 0; i < story.events().size(); i++) {
            history.credit(story.start().plusSeconds(60L * i), story.events().get(i));
            awaitProjected(story.account().value());
            JsonNode balance = get("/api/credits/balance", alice).body();
            assertThat(balance.get("accountId").asText())
                    .isEqualTo(story.account().value());
            assertThat(balance.get("balance").asLong())
                    .as("balance after event %d", i)
                    .isEqualTo(after[i][0]);
            assertThat(balance.get("reserved").asLong())
                    .as("reserved after event %d", i)
                    .isEqualTo(after[i][1]);
            assertThat(balance.get("available").asLong()).isEqualTo(after[i][0] - after[i][1]);
        }
    }

    @Test
    void the_ledger_shows_one_line_per_event_newest_first_with_what_it_changed_and_the_figures_after_it() {
        String admin = adminId();
        Story story = story(alice.id(), admin);
        appendAll(story);

        JsonNode page = get("/api/credits/ledger", alice).body();
        assertThat(page.get("accountId").asText()).isEqualTo(story.account().value());
        assertThat(page.get("nextCursor").isNull()).isTrue();
        JsonNode items = page.get("items");
        assertThat(items.findValuesAsText("kind"))
                .containsExactly("REFUNDED", "RELEASED", "CHARGED", "RESERVED", "GRANTED", "PURCHASED");
        assertThat(items.findValues("seq").stream().map(JsonNode::asLong)).containsExactly(5L, 4L, 3L, 2L, 1L, 0L);
        assertLine(items.get(5), 1000, 0, 1000, 0);
        assertLine(items.get(4), 200, 0, 1200, 0);
        assertLine(items.get(3), 0, 300, 1200, 300);
        assertLine(items.get(2), -170, -170, 1030, 130);
        assertLine(items.get(1), 0, -130, 1030, 0);
        assertLine(items.get(0), -830, 0, 200, 0);

        JsonNode purchase = items.get(5);
        assertThat(purchase.get("lotId").asText()).isEqualTo("lot_cs_1");
        assertThat(purchase.get("paymentId").asText()).isEqualTo("cs_1");
        assertThat(purchase.get("amountMinor").asLong()).isEqualTo(1000);
        assertThat(purchase.get("currency").asText()).isEqualTo("usd");
        assertThat(purchase.get("at").asText()).isEqualTo(story.start().toString());
        JsonNode grant = items.get(4);
        assertThat(grant.get("reason").asText()).isEqualTo("welcome");
        assertThat(grant.get("by").asText()).isEqualTo(admin);
        assertThat(grant.has("amountMinor")).isFalse();
        assertThat(items.get(3).get("runId").asText()).isEqualTo(story.run().value());
        JsonNode charge = items.get(2);
        assertThat(charge.get("runId").asText()).isEqualTo(story.run().value());
        assertThat(charge.get("amountMinor").asLong()).isEqualTo(170);
        assertThat(charge.get("currency").asText()).isEqualTo("usd");
        assertThat(charge.get("apiCostMicros").asLong()).isEqualTo(130_769);
        assertThat(charge.get("uncoveredCostMicros").asLong()).isZero();
        assertThat(charge.get("lots")).hasSize(1);
        assertThat(charge.get("lots").get(0).get("lotId").asText()).isEqualTo("lot_cs_1");
        assertThat(charge.get("lots").get(0).get("amountMinor").asLong()).isEqualTo(170);
        JsonNode refund = items.get(0);
        assertThat(refund.get("lotId").asText()).isEqualTo("lot_cs_1");
        assertThat(refund.get("amountMinor").asLong()).isEqualTo(830);
        assertThat(refund.get("by").asText()).isEqualTo(admin);
        assertThat(refund.get("at").asText())
                .isEqualTo(story.start().plusSeconds(300).toString());
    }

    @Test
    void the_ledger_pages_by_cursor_and_refuses_a_foreign_cursor_or_a_bad_limit() {
        appendAll(story(alice.id(), adminId()));
        var seqs = new ArrayList<Long>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/credits/ledger?limit=4" + (cursor == null ? "" : "&cursor=" + cursor), alice)
                    .body();
            page.get("items").forEach(line -> seqs.add(line.get("seq").asLong()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(seqs).containsExactly(5L, 4L, 3L, 2L, 1L, 0L);

        Response foreign = get("/api/credits/ledger?cursor=bm90LWEtY3Vyc29y", alice);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().get("errors").get(0).get("field").asText()).isEqualTo("cursor");
        assertThat(get("/api/credits/ledger?limit=0", alice).status()).isEqualTo(400);
        assertThat(get("/api/credits/ledger?limit=201", alice).status()).isEqualTo(400);
    }

    @Test
    void a_user_who_never_had_credits_has_zeros_and_an_empty_ledger_and_without_a_token_there_is_nothing() {
        JsonNode balance = get("/api/credits/balance", bob).body();
        assertThat(balance.get("accountId").asText()).isEqualTo("acct_" + bob.id());
        assertThat(balance.get("balance").asLong()).isZero();
        assertThat(balance.get("reserved").asLong()).isZero();
        assertThat(balance.get("available").asLong()).isZero();
        assertThat(get("/api/credits/ledger", bob).body().get("items")).isEmpty();
        assertThat(get("/api/credits/balance", (Caller) null).status()).isEqualTo(401);
        assertThat(get("/api/credits/ledger", (Caller) null).status()).isEqualTo(401);
    }

    @Test
    void an_admin_reads_any_account_and_a_user_only_their_own() {
        appendAll(story(alice.id(), adminId()));
        String aliceAccount = "acct_" + alice.id();
        JsonNode asAdmin = get("/api/credits/ledger?accountId=" + aliceAccount, ADMIN_TOKEN)
                .body();
        assertThat(asAdmin.get("accountId").asText()).isEqualTo(aliceAccount);
        assertThat(asAdmin.get("items")).hasSize(6);
        assertThat(get("/api/credits/ledger?accountId=" + aliceAccount, alice)
                        .body()
                        .get("items"))
                .hasSize(6);
        assertThat(get("/api/credits/ledger?accountId=" + aliceAccount, bob).status())
                .isEqualTo(403);
        assertThat(get("/api/credits/ledger?accountId=" + aliceAccount, createAnalyst())
                        .status())
                .isEqualTo(403);
        Response bad = get("/api/credits/ledger?accountId=alice", ADMIN_TOKEN);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("accountId");
    }

    @Test
    void redelivering_the_history_or_any_event_of_it_changes_no_line_no_balance_and_no_charge_line() throws Exception {
        Story story = story(alice.id(), adminId());
        appendAll(story);
        Map<String, List<Map<String, Object>>> before = rows(story.account().value());
        assertThat(before.get("credit_ledger")).hasSize(6);
        assertThat(before.get("finance_charge_line")).hasSize(2);
        JsonNode ledger = get("/api/credits/ledger", alice).body();
        JsonNode balance = get("/api/credits/balance", alice).body();

        List<? extends DomainEventMessage<?>> events =
                eventStore.readEvents(story.account().value()).asStream().toList();
        var projections = List.of(
                new AnnotationEventHandlerAdapter(ledgerProjection),
                new AnnotationEventHandlerAdapter(financeProjection));
        for (int round = 0; round < 2; round++) {
            for (DomainEventMessage<?> event : events) {
                for (var projection : projections) projection.handle(event);
            }
        }
        assertThat(rows(story.account().value())).isEqualTo(before);
        for (DomainEventMessage<?> event : events.reversed()) {
            for (var projection : projections) projection.handle(event);
            assertThat(rows(story.account().value()))
                    .as("after %s again", event.getPayloadType().getSimpleName())
                    .isEqualTo(before);
        }
        assertThat(get("/api/credits/ledger", alice).body()).isEqualTo(ledger);
        assertThat(get("/api/credits/balance", alice).body()).isEqualTo(balance);
    }

    /** In one commit: the ledger lines then go to the database as one JDBC batch, each computed from the one before. */
    private void appendAll(Story story) {
        history.credits(story.start(), story.events());
        awaitProjected(story.account().value());
    }

    private static void assertLine(
            JsonNode line, long balanceChange, long reservedChange, long balanceAfter, long reservedAfter) {
        assertThat(line.get("balanceChange").asLong())
                .as("balanceChange of %s", line.get("kind"))
                .isEqualTo(balanceChange);
        assertThat(line.get("reservedChange").asLong())
                .as("reservedChange of %s", line.get("kind"))
                .isEqualTo(reservedChange);
        assertThat(line.get("balanceAfter").asLong())
                .as("balanceAfter of %s", line.get("kind"))
                .isEqualTo(balanceAfter);
        assertThat(line.get("reservedAfter").asLong())
                .as("reservedAfter of %s", line.get("kind"))
                .isEqualTo(reservedAfter);
    }

    private Map<String, List<Map<String, Object>>> rows(String account) {
        var result = new LinkedHashMap<String, List<Map<String, Object>>>();
        result.put(
                "credit_ledger",
                jdbc.queryForList("SELECT * FROM credit_ledger WHERE account_id = ? ORDER BY seq", account));
        result.put("credit_account", jdbc.queryForList("SELECT * FROM credit_account WHERE account_id = ?", account));
        result.put(
                "finance_charge_line",
                jdbc.queryForList(
                        "SELECT * FROM finance_charge_line WHERE account_id = ? ORDER BY seq, model, currency",
                        account));
        return result;
    }
}

package io.benchmarkhub.api.credits;

import static io.benchmarkhub.api.credits.FinanceHistory.charge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /api/finance/margin over charges appended by hand. Alice buys 3 credits for $10.00 and two runs use them up:
 * ⌊1000 × 1 ÷ 3⌋ = 333 cents, then 1000 − 333 = 667. Bob's run is paid with granted credits (no revenue). Next month
 * Alice's run is paid from a lot bought in euros (⌊250 × 5 ÷ 100⌋ = 12 cents).
 * Per model, by largest remainder over each charge's API cost:
 * <ul>
 *   <li>day 3, 1 credit / 333 cents, m-x 500 µ$ : m-y 200 µ$ → credits 0 r 500, 0 r 200 → m-x 1, m-y 0;
 *       cents 237 r 600, 95 r 100 → m-x 238, m-y 95;</li>
 *   <li>day 17, 2 credits / 667 cents, m-x 1000 : m-y 500 → credits 1 r 500, 0 r 1000 → 1, 1;
 *       cents 444 r 1000, 222 r 500 → 445, 222; and Bob's 4 granted credits for m-free 3000 µ$, 0 cents.</li>
 * </ul>
 */
class FinanceMarginTest extends FinanceTestBase {

    private static final double EXACT = 1e-12;

    private record Scenario(YearMonth month, LocalDate day3, LocalDate day17, LocalDate nextMonthDay2) {}

    private Scenario scenario() {
        YearMonth month = freshMonth();
        var s = new Scenario(
                month, month.atDay(3), month.atDay(17), month.plusMonths(1).atDay(2));
        var a = AccountId.of(new UserId(alice.id()));
        var b = AccountId.of(new UserId(bob.id()));
        RunId r1 = RunId.generate(), r2 = RunId.generate(), r3 = RunId.generate(), r4 = RunId.generate();
        history.credit(at(s.day3(), 8), new CreditsPurchased(a, "lot_a", 3, 1000, "usd", "cs_a"));
        history.credit(at(s.day3(), 9), new CreditsReserved(a, r1, 1));
        history.credit(
                at(s.day3(), 10),
                charge(
                        a,
                        r1,
                        1,
                        700,
                        List.of(new LotUse("lot_a", 1, 333, "usd")),
                        new ModelCost("m-x", 500),
                        new ModelCost("m-y", 200)));
        history.credit(at(s.day17(), 9), new CreditsReserved(a, r2, 2));
        history.credit(
                at(s.day17(), 10),
                charge(
                        a,
                        r2,
                        2,
                        1500,
                        List.of(new LotUse("lot_a", 2, 667, "usd")),
                        new ModelCost("m-x", 1000),
                        new ModelCost("m-y", 500)));
        history.credit(at(s.day17(), 7), new CreditsGranted(b, "lot_g", 50, "trial", new UserId(alice.id())));
        history.credit(at(s.day17(), 8), new CreditsReserved(b, r3, 10));
        history.credit(
                at(s.day17(), 11),
                charge(b, r3, 4, 3000, List.of(new LotUse("lot_g", 4, 0, "usd")), new ModelCost("m-free", 3000)));
        history.credit(at(s.day17(), 11), new ReservationReleased(b, r3, 6));
        history.credit(at(s.nextMonthDay2(), 8), new CreditsPurchased(a, "lot_eur", 100, 250, "eur", "cs_eur"));
        history.credit(at(s.nextMonthDay2(), 9), new CreditsReserved(a, r4, 10));
        history.credit(
                at(s.nextMonthDay2(), 10),
                charge(a, r4, 5, 3500, List.of(new LotUse("lot_eur", 5, 12, "eur")), new ModelCost("m-x", 3500)));
        history.credit(at(s.nextMonthDay2(), 10), new ReservationReleased(a, r4, 5));
        awaitProjected(a.value(), b.value());
        return s;
    }

    @Test
    void margin_per_day_adds_up_the_charges_of_each_day_per_currency() {
        Scenario s = scenario();
        JsonNode margin =
                margin("from=" + s.day3() + "&to=" + s.month().plusMonths(2).atDay(1), createAnalyst());
        assertThat(margin.get("groupBy").asText()).isEqualTo("DAY");
        assertThat(margin.get("from").asText())
                .isEqualTo(s.day3().atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        JsonNode rows = margin.get("rows");
        assertThat(rows).hasSize(3);
        assertRow(rows.get(0), s.day3().toString(), "usd", 1, 333, 700, (3_330_000.0 - 700) / 3_330_000);
        // Alice's 667 cents and Bob's granted credits: 2 + 4 credits, cost 1500 + 3000
        assertRow(rows.get(1), s.day17().toString(), "usd", 6, 667, 4_500, (6_670_000.0 - 4_500) / 6_670_000);
        assertRow(rows.get(2), s.nextMonthDay2().toString(), "eur", 5, 12, 3_500, null);
        JsonNode totals = margin.get("totals");
        assertThat(totals).hasSize(2);
        assertTotal(totals.get(0), "eur", 5, 12, 3_500, null);
        assertTotal(totals.get(1), "usd", 7, 1000, 5_200, (10_000_000.0 - 5_200) / 10_000_000);

        JsonNode oneDay = margin("from=" + s.day17() + "&to=" + s.day17().plusDays(1), ADMIN_TOKEN);
        assertThat(oneDay.get("rows")).hasSize(1);
        assertThat(oneDay.get("rows").get(0).get("key").asText())
                .isEqualTo(s.day17().toString());
        JsonNode instants = margin("from=" + at(s.day17(), 10) + "&to=" + at(s.day17(), 11), ADMIN_TOKEN);
        assertRow(
                instants.get("rows").get(0),
                s.day17().toString(),
                "usd",
                2,
                667,
                1_500,
                (6_670_000.0 - 1_500) / 6_670_000);
    }

    @Test
    void margin_per_month_puts_each_charge_in_its_utc_month() {
        Scenario s = scenario();
        JsonNode rows = margin(
                        "from=" + s.month().atDay(1) + "&to="
                                + s.month().plusMonths(2).atDay(1) + "&groupBy=month",
                        ADMIN_TOKEN)
                .get("rows");
        assertThat(rows).hasSize(2);
        assertRow(rows.get(0), s.month().toString(), "usd", 7, 1000, 5_200, (10_000_000.0 - 5_200) / 10_000_000);
        assertRow(rows.get(1), s.month().plusMonths(1).toString(), "eur", 5, 12, 3_500, null);
    }

    @Test
    void
            margin_per_model_splits_each_charge_by_api_cost_with_the_largest_remainder_and_a_grant_recognises_no_revenue() {
        Scenario s = scenario();
        JsonNode rows = margin(
                        "from=" + s.month().atDay(1) + "&to="
                                + s.month().plusMonths(2).atDay(1) + "&groupBy=MODEL",
                        createAnalyst())
                .get("rows");
        assertThat(rows).hasSize(4);
        // the granted credits: consumed and costing, but no revenue, so no margin
        assertRow(rows.get(0), "m-free", "usd", 4, 0, 3_000, null);
        assertRow(rows.get(1), "m-x", "eur", 5, 12, 3_500, null);
        assertRow(rows.get(2), "m-x", "usd", 1 + 1, 238 + 445, 500 + 1_000, (6_830_000.0 - 1_500) / 6_830_000);
        assertRow(rows.get(3), "m-y", "usd", 0 + 1, 95 + 222, 200 + 500, (3_170_000.0 - 700) / 3_170_000);
        // the parts add up to the charges exactly
        long credits = 0, revenue = 0;
        for (JsonNode row : rows) {
            if (row.get("currency").asText().equals("usd")) {
                credits += row.get("creditsConsumed").asLong();
                revenue += row.get("revenueMinor").asLong();
            }
        }
        assertThat(credits).isEqualTo(1 + 2 + 4);
        assertThat(revenue).isEqualTo(1000);
    }

    /**
     * A workspace's account is an account like any other: 7 credits bought for $10.00 and used by its members' runs in
     * charges of 2, 2 and 3 recognise ⌊1000 × 2 ÷ 7⌋ = 285, ⌊1000 × 4 ÷ 7⌋ − 285 = 286 and 1000 − 571 = 429 cents, the
     * whole price to the cent, in its month's margin and in its ledger.
     */
    @Test
    void a_workspace_accounts_charges_are_in_the_margin_and_its_ledger_to_the_unit() {
        YearMonth month = freshMonth();
        var workspace =
                AccountId.ofWorkspace("ws_" + FinanceHistory.unique("fin").replace("-", ""));
        RunId r1 = RunId.generate(), r2 = RunId.generate(), r3 = RunId.generate();
        history.credit(at(month.atDay(4), 8), new CreditsPurchased(workspace, "lot_ws", 7, 1000, "usd", "cs_ws"));
        int hour = 9;
        for (var use : List.of(new Object[] {r1, 2L, 285L}, new Object[] {r2, 2L, 286L}, new Object[] {r3, 3L, 429L})) {
            RunId run = (RunId) use[0];
            long credits = (Long) use[1];
            history.credit(at(month.atDay(4), hour++), new CreditsReserved(workspace, run, credits));
            history.credit(
                    at(month.atDay(4), hour++),
                    charge(
                            workspace,
                            run,
                            credits,
                            100,
                            List.of(new LotUse("lot_ws", credits, (Long) use[2], "usd")),
                            new ModelCost("m-ws", 100)));
        }
        awaitProjected(workspace.value());

        JsonNode rows = margin(
                        "from=" + month.atDay(1) + "&to=" + month.plusMonths(1).atDay(1) + "&groupBy=month",
                        ADMIN_TOKEN)
                .get("rows");
        assertThat(rows).hasSize(1);
        assertRow(rows.get(0), month.toString(), "usd", 7, 1000, 300, (10_000_000.0 - 300) / 10_000_000);
        JsonNode ledger = get("/api/credits/ledger?accountId=" + workspace.value(), ADMIN_TOKEN)
                .body()
                .get("items");
        long recognised = 0;
        for (JsonNode line : ledger)
            if (line.get("kind").asText().equals("CHARGED"))
                recognised += line.get("amountMinor").asLong();
        assertThat(recognised).isEqualTo(1000);
        assertThat(ledger.get(0).get("balanceAfter").asLong()).isZero();
    }

    @Test
    void margins_are_for_admins_and_analysts_and_parameters_are_checked() {
        assertThat(get("/api/finance/margin", alice).status()).isEqualTo(403);
        assertThat(get("/api/finance/margin", (Caller) null).status()).isEqualTo(401);
        assertThat(get("/api/finance/margin", ADMIN_TOKEN).status()).isEqualTo(200);
        String analyst = createAnalyst();
        assertThat(get("/api/finance/margin", analyst).status()).isEqualTo(200);
        assertProblem(get("/api/finance/margin?groupBy=week", analyst), "groupBy");
        assertProblem(get("/api/finance/margin?from=yesterday", analyst), "from");
        assertProblem(get("/api/finance/margin?from=2026-03-02&to=2026-03-01", analyst), "to");
        assertProblem(get("/api/finance/margin?from=2026-03-01&to=2026-03-01", analyst), "to");
    }

    private JsonNode margin(String query, String token) {
        Response response = get("/api/finance/margin?" + query, token);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.body();
    }

    private static java.time.Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static void assertRow(
            JsonNode row, String key, String currency, long credits, long revenue, long cost, Double ratio) {
        assertThat(row.get("key").asText()).isEqualTo(key);
        assertTotal(row, currency, credits, revenue, cost, ratio);
    }

    private static void assertTotal(
            JsonNode row, String currency, long credits, long revenue, long cost, Double ratio) {
        String what = row.toString();
        assertThat(row.get("currency").asText()).as(what).isEqualTo(currency);
        assertThat(row.get("creditsConsumed").asLong()).as(what).isEqualTo(credits);
        assertThat(row.get("revenueMinor").asLong()).as(what).isEqualTo(revenue);
        assertThat(row.get("apiCostMicros").asLong()).as(what).isEqualTo(cost);
        if (ratio == null) assertThat(row.get("marginRatio").isNull()).as(what).isTrue();
        else assertThat(row.get("marginRatio").asDouble()).as(what).isCloseTo(ratio, within(EXACT));
    }

    private static void assertProblem(Response response, String field) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.body().get("errors").findValuesAsText("field")).contains(field);
    }
}

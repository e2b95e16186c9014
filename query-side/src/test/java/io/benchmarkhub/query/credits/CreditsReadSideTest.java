package io.benchmarkhub.query.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.credits.CreditLedgerProjection;
import io.benchmarkhub.projections.credits.FinanceProjection;
import io.benchmarkhub.query.ReadSide;
import io.benchmarkhub.query.credits.FinanceViews.GroupBy;
import io.benchmarkhub.query.credits.FinanceViews.LedgerLine;
import io.benchmarkhub.query.credits.FinanceViews.MarginRow;
import io.benchmarkhub.testsupport.EventHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Credit events → the credit ledger's and finance's handlers → rows → balances, ledger pages and margins, on one embedded
 * PostgreSQL.
 */
class CreditsReadSideTest {

    private final CreditLedgerProjection ledger = new CreditLedgerProjection(ReadSide.batch(), ReadSide.json());
    private final FinanceProjection finance = new FinanceProjection(ReadSide.batch());
    private final CreditLedgerQueries ledgerQueries = new CreditLedgerQueries(ReadSide.named(), ReadSide.columns());
    private final FinanceQueries financeQueries = new FinanceQueries(ReadSide.named());
    private final AccountId account = AccountId.of(new UserId("user_" + UUID.randomUUID()));
    /** A day of its own: finance groups by charge time, and the tests share the database. */
    private final LocalDate day =
            LocalDate.of(2400 + ThreadLocalRandom.current().nextInt(4000), 3, 14);

    private Instant at(int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    @Test
    void a_purchase_and_a_grant_make_the_balance_and_the_ledger_newest_first() {
        new EventHistory()
                .appendAt(at(9), new CreditsPurchased(account, "lot-1", 1000, 1000, "usd", "pay-1", "pi-1"))
                .appendAt(at(10), new CreditsGranted(account, "lot-2", 100, "welcome", new UserId("admin")))
                .applyTo(ledger);

        var balance = ledgerQueries.balance(account);
        var page = ledgerQueries.ledger(account, null, 10);

        assertThat(balance.balance()).isEqualTo(1100);
        assertThat(balance.available()).isEqualTo(1100);
        assertThat(balance.owed()).isZero();
        assertThat(page.items())
                .extracting(LedgerLine::kind, LedgerLine::balanceChange, LedgerLine::balanceAfter, LedgerLine::at)
                .containsExactly(tuple("GRANTED", 100L, 1100L, at(10)), tuple("PURCHASED", 1000L, 1000L, at(9)));
        assertThat(ledgerQueries.purchase("pi-1").orElseThrow().paymentId()).isEqualTo("pay-1");
    }

    @Test
    void a_charge_counts_in_the_margin_of_its_day_and_of_each_model_it_paid_for() {
        var run = RunId.generate();
        new EventHistory()
                .appendAt(
                        at(12),
                        new CreditsCharged(
                                account,
                                run,
                                300,
                                1_500_000,
                                0,
                                List.of(new LotUse("lot-1", 300, 300, "usd")),
                                List.of(new ModelCost("vendor/model", 1_500_000))))
                .applyTo(finance);

        var byDay = financeQueries.margin(at(0), at(0).plusSeconds(86_400), GroupBy.DAY);
        var byModel = financeQueries.margin(at(0), at(0).plusSeconds(86_400), GroupBy.MODEL);

        assertThat(byDay.rows())
                .extracting(
                        MarginRow::key, MarginRow::creditsConsumed, MarginRow::revenueMinor, MarginRow::apiCostMicros)
                .containsExactly(tuple(day.toString(), 300L, 300L, 1_500_000L));
        assertThat(byModel.rows()).extracting(MarginRow::key).containsExactly("vendor/model");
        assertThat(byDay.totals().getFirst().marginRatio()).isNotNull();
        assertThat(financeQueries
                        .margin(at(0).plusSeconds(86_400), at(0).plusSeconds(2 * 86_400), GroupBy.DAY)
                        .rows())
                .as("the next day has no charge")
                .isEmpty();
    }
}

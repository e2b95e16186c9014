package io.benchmarkhub.query.credits;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** What the credit and finance queries answer. Credits are whole numbers, money minor units, API cost micro-dollars. */
public final class FinanceViews {

    private FinanceViews() {}

    /**
     * An account's credits now; {@code available} = balance − reserved. {@code owed}: credits a refund or dispute could not
     * take back because they were spent; while it is above 0 the account starts no paid run.
     */
    public record CreditBalance(String accountId, long balance, long reserved, long available, long owed) {}

    /**
     * One ledger line: a credit event, what it changed and where it left the account. {@code balanceChange},
     * {@code reservedChange} and {@code owedChange} are signed; {@code amountMinor} is what was paid (purchase),
     * recognised (charge, when its lots share one currency), refunded, or not recognised of credits clawed back;
     * {@code reason} is a grant's or settlement's reason, or a clawback's cause (REFUND, DISPUTE); {@code by} is the admin
     * who granted, refunded or settled.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LedgerLine(
            long seq,
            Instant at,
            String kind,
            long balanceChange,
            long reservedChange,
            long owedChange,
            long balanceAfter,
            long reservedAfter,
            long owedAfter,
            String runId,
            String lotId,
            String paymentId,
            Long amountMinor,
            String currency,
            Long apiCostMicros,
            Long uncoveredCostMicros,
            JsonNode lots,
            String reason,
            String by) {}

    /** The purchase a payment provider's payment intent paid for. */
    public record Purchase(String accountId, String paymentId) {}

    /** One page of a ledger, newest line first; {@code nextCursor} continues with older lines, null at the first line. */
    public record LedgerPage(String accountId, List<LedgerLine> items, String nextCursor) {}

    public enum GroupBy {
        DAY,
        MONTH,
        MODEL
    }

    /**
     * Credits consumed, revenue recognised and API cost of one group (a UTC day {@code 2026-03-05}, a month
     * {@code 2026-03} or a model) in one revenue currency. {@code marginRatio} = (revenue − API cost) ÷ revenue for usd
     * (1 cent = 10,000 µ$); null for other currencies (no exchange rates) and when there is no revenue.
     */
    public record MarginRow(
            String key,
            String currency,
            long creditsConsumed,
            long revenueMinor,
            long apiCostMicros,
            Double marginRatio) {}

    public record MarginTotal(
            String currency, long creditsConsumed, long revenueMinor, long apiCostMicros, Double marginRatio) {}

    public record Margin(Instant from, Instant to, GroupBy groupBy, List<MarginRow> rows, List<MarginTotal> totals) {}

    /** One generation that does not match: ours or theirs is null when that side has no record of it. */
    public record ReconciliationItem(
            String generationId,
            String runId,
            String model,
            Long oursMicros,
            Long theirsMicros,
            long differenceMicros) {}

    /** A kind of outcome: how many generations, what each side says they cost, theirs − ours, and (for discrepancies) which. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReconciliationGroup(
            long count, long oursMicros, long theirsMicros, long differenceMicros, List<ReconciliationItem> items) {}

    public record ReconciliationTotals(long oursMicros, long theirsMicros, long differenceMicros) {}

    /**
     * Our recorded generations in [from, to) against the provider's report: matched (same cost), missing (the provider
     * did not report it), mismatched (different cost), and extra (reported in the period, unknown to us).
     */
    public record Reconciliation(
            Instant from,
            Instant to,
            ReconciliationGroup matched,
            ReconciliationGroup missing,
            ReconciliationGroup mismatched,
            ReconciliationGroup extra,
            ReconciliationTotals totals) {}

    /** (revenue − API cost) ÷ revenue, both in micro-dollars; null without revenue, or in a currency other than usd. */
    public static Double marginRatio(String currency, long revenueMinor, long apiCostMicros) {
        if (!"usd".equals(currency) || revenueMinor <= 0) return null;
        double revenueMicros = revenueMinor * 10_000.0;
        return (revenueMicros - apiCostMicros) / revenueMicros;
    }
}

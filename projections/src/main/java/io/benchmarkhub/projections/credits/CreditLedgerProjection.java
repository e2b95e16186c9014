package io.benchmarkhub.projections.credits;

import static io.benchmarkhub.projections.support.Json.utc;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsClawedBack;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsRefunded;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.OwedCreditsRecovered;
import io.benchmarkhub.domain.credits.events.OwedCreditsSettled;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.projections.support.BatchedJdbc;
import io.benchmarkhub.projections.support.Json;
import io.benchmarkhub.projections.support.ReadModel;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * The credit ledger: {@code credit_ledger}, one line per credit event with the balance, reservations and credits owed
 * after it, and {@code credit_account}, each account's newest line (migrations V7, V15_2). A line is keyed by the account's aggregate
 * sequence number and inserted once; its running figures are the previous line's plus its own changes, computed by the
 * statement itself (this handler never reads what it writes). The account row is refreshed from the newest line once
 * per batch and only moves forward ({@code last_seq}), so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(CreditLedgerProjection.NAME)
@ReadModel({"credit_ledger", "credit_account"})
public class CreditLedgerProjection {

    public static final String NAME = "credit-ledger";

    /** Kinds of ledger line, one per credit event. */
    public enum Kind {
        PURCHASED,
        GRANTED,
        RESERVED,
        CHARGED,
        RELEASED,
        REFUNDED,
        CLAWED_BACK,
        RECOVERED,
        SETTLED
    }

    private static final String APPEND_LINE = """
            WITH prev AS (SELECT balance_after, reserved_after, owed_after FROM credit_ledger WHERE account_id = ? AND seq < ?
                          ORDER BY seq DESC LIMIT 1)
            INSERT INTO credit_ledger (account_id, seq, occurred_at, kind, balance_change, reserved_change, owed_change, balance_after,
                                       reserved_after, owed_after, run_id, lot_id, payment_id, payment_intent_id, amount_minor, currency,
                                       api_cost_micros, uncovered_cost_micros, lots, reason, actor)
            SELECT ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT balance_after FROM prev), 0) + ?, COALESCE((SELECT reserved_after FROM prev), 0) + ?,
                   COALESCE((SELECT owed_after FROM prev), 0) + ?,
                   CAST(? AS varchar), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS bigint), CAST(? AS text), CAST(? AS bigint),
                   CAST(? AS bigint), CAST(? AS jsonb), CAST(? AS text), CAST(? AS varchar)
            ON CONFLICT (account_id, seq) DO NOTHING""";
    private static final String REFRESH_ACCOUNT = """
            INSERT INTO credit_account (account_id, balance, reserved, owed, last_seq, updated_at)
            SELECT account_id, balance_after, reserved_after, owed_after, seq, occurred_at FROM credit_ledger WHERE account_id = ?
             ORDER BY seq DESC LIMIT 1
            ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance, reserved = EXCLUDED.reserved, owed = EXCLUDED.owed,
                last_seq = EXCLUDED.last_seq, updated_at = EXCLUDED.updated_at
            WHERE credit_account.last_seq < EXCLUDED.last_seq""";

    /** What one event changes, and the facts its line shows; null where an event has no such fact. */
    private record Line(
            Kind kind,
            long balanceChange,
            long reservedChange,
            long owedChange,
            RunId runId,
            String lotId,
            String paymentId,
            String paymentIntentId,
            Long amountMinor,
            String currency,
            Long apiCostMicros,
            Long uncoveredCostMicros,
            String lotsJson,
            String reason,
            UserId actor) {

        /** A line that changes neither what is owed nor names a payment intent. */
        Line(
                Kind kind,
                long balanceChange,
                long reservedChange,
                RunId runId,
                String lotId,
                String paymentId,
                Long amountMinor,
                String currency,
                Long apiCostMicros,
                Long uncoveredCostMicros,
                String lotsJson,
                String reason,
                UserId actor) {
            this(
                    kind,
                    balanceChange,
                    reservedChange,
                    0,
                    runId,
                    lotId,
                    paymentId,
                    null,
                    amountMinor,
                    currency,
                    apiCostMicros,
                    uncoveredCostMicros,
                    lotsJson,
                    reason,
                    actor);
        }
    }

    private final BatchedJdbc batch;
    private final Json json;

    public CreditLedgerProjection(BatchedJdbc batch, Json json) {
        this.batch = batch;
        this.json = json;
    }

    @EventHandler
    void on(CreditsPurchased e, @SequenceNumber long seq, @Timestamp Instant at) {
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.PURCHASED,
                        e.credits(),
                        0,
                        0,
                        null,
                        e.lotId(),
                        e.paymentId(),
                        e.paymentIntentId(),
                        e.amountMinor(),
                        e.currency(),
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    @EventHandler
    void on(CreditsGranted e, @SequenceNumber long seq, @Timestamp Instant at) {
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.GRANTED,
                        e.credits(),
                        0,
                        null,
                        e.lotId(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        e.reason(),
                        e.grantedBy()));
    }

    @EventHandler
    void on(CreditsReserved e, @SequenceNumber long seq, @Timestamp Instant at) {
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.RESERVED,
                        0,
                        e.credits(),
                        e.runId(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    /** A charge uses up its run's reservation first: both the balance and the reservations go down by its credits. */
    @EventHandler
    void on(CreditsCharged e, @SequenceNumber long seq, @Timestamp Instant at) {
        List<LotUse> lots = e.lots() == null ? List.of() : e.lots();
        List<String> currencies = lots.stream().map(LotUse::currency).distinct().toList();
        boolean oneCurrency = currencies.size() == 1;
        Long amount = oneCurrency ? lots.stream().mapToLong(LotUse::amountMinor).sum() : null;
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.CHARGED,
                        -e.credits(),
                        -e.credits(),
                        e.runId(),
                        null,
                        null,
                        amount,
                        oneCurrency ? currencies.getFirst() : null,
                        e.apiCostMicros(),
                        e.uncoveredCostMicros(),
                        json.of(lots),
                        null,
                        null));
    }

    @EventHandler
    void on(ReservationReleased e, @SequenceNumber long seq, @Timestamp Instant at) {
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.RELEASED,
                        0,
                        -e.credits(),
                        e.runId(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    @EventHandler
    void on(CreditsRefunded e, @SequenceNumber long seq, @Timestamp Instant at) {
        LotUse refund = e.refund();
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.REFUNDED,
                        -refund.credits(),
                        0,
                        null,
                        refund.lotId(),
                        null,
                        refund.amountMinor(),
                        refund.currency(),
                        null,
                        null,
                        null,
                        null,
                        e.refundedBy()));
    }

    /** Unspent credits of the lot leave the balance, with the part of its price they had not recognised; the rest is owed. */
    @EventHandler
    void on(CreditsClawedBack e, @SequenceNumber long seq, @Timestamp Instant at) {
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.CLAWED_BACK,
                        -e.credits(),
                        0,
                        e.owedCredits(),
                        null,
                        e.lotId(),
                        e.paymentId(),
                        null,
                        e.amountMinor(),
                        e.currency(),
                        null,
                        null,
                        null,
                        e.cause().name(),
                        null));
    }

    @EventHandler
    void on(OwedCreditsRecovered e, @SequenceNumber long seq, @Timestamp Instant at) {
        List<LotUse> lots = e.lots() == null ? List.of() : e.lots();
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.RECOVERED,
                        -e.credits(),
                        0,
                        -e.credits(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        json.of(lots),
                        null,
                        null));
    }

    @EventHandler
    void on(OwedCreditsSettled e, @SequenceNumber long seq, @Timestamp Instant at) {
        append(
                e.accountId(),
                seq,
                at,
                new Line(
                        Kind.SETTLED,
                        0,
                        0,
                        -e.credits(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        e.reason(),
                        e.settledBy()));
    }

    private void append(AccountId account, long seq, Instant at, Line line) {
        batch.update(
                APPEND_LINE,
                account.value(),
                seq,
                account.value(),
                seq,
                utc(at),
                line.kind().name(),
                line.balanceChange(),
                line.reservedChange(),
                line.owedChange(),
                line.balanceChange(),
                line.reservedChange(),
                line.owedChange(),
                line.runId() == null ? null : line.runId().value(),
                line.lotId(),
                line.paymentId(),
                line.paymentIntentId(),
                line.amountMinor(),
                line.currency(),
                line.apiCostMicros(),
                line.uncoveredCostMicros(),
                line.lotsJson(),
                line.reason(),
                line.actor() == null ? null : line.actor().value());
        batch.updateAtCommit("credit_account:" + account.value(), REFRESH_ACCOUNT, account.value());
    }
}

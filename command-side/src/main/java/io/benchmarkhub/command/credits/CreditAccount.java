package io.benchmarkhub.command.credits;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.ClawbackCause;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.credits.FifoCharge;
import io.benchmarkhub.domain.credits.Lot;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.credits.commands.ClawBackPayment;
import io.benchmarkhub.domain.credits.commands.GrantCredits;
import io.benchmarkhub.domain.credits.commands.PurchaseCredits;
import io.benchmarkhub.domain.credits.commands.RefundLot;
import io.benchmarkhub.domain.credits.commands.ReleaseReservation;
import io.benchmarkhub.domain.credits.commands.ReserveCredits;
import io.benchmarkhub.domain.credits.commands.SettleOwedCredits;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One user's credits. It keeps the lots in arrival order (credits are used first in, first out), the
 * reservations of runs in progress and the payments and runs already handled, so a payment delivered
 * twice is credited once and a run is charged once. The rule it guards: the credits available
 * (balance less reservations) never go below zero, because a run reserves before its first call and is
 * never charged more than it reserved. When a payment is refunded or disputed, the unspent credits it bought are taken
 * back and the spent ones are owed: the balance still never goes below zero, credits that become available pay what is
 * owed first, and an account that owes reserves nothing (so starts no paid run) until it is paid or settled.
 */
@Aggregate
public class CreditAccount {

    public static final int MAX_CREDITS_PER_LOT = 1_000_000_000;

    @AggregateIdentifier
    private AccountId id;
    /** Lots with credits left, oldest first. */
    private final Map<String, Lot> lots = new LinkedHashMap<>();

    private final Set<String> allLots = new HashSet<>();
    private final Set<String> purchaseLots = new HashSet<>();
    /** Each purchased lot as it was bought, by lot id: a clawback is worked out from its credits and price. */
    private final Map<String, Lot> purchases = new HashMap<>();
    /** Per lot and cause, the money the provider has taken back so far. */
    private final Map<String, Long> reversedMinor = new HashMap<>();
    /** Per lot, the credits that left the account with their money: refunded by an admin, taken back or owed by clawbacks. */
    private final Map<String, Long> reversedCredits = new HashMap<>();

    private final Set<String> payments = new HashSet<>();
    private final Map<RunId, Long> reservations = new LinkedHashMap<>();
    private final Set<RunId> settledRuns = new HashSet<>();
    private long balance;
    private long reserved;
    private long owed;

    protected CreditAccount() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PurchaseCredits cmd) {
        var problems = new ArrayList<Violation>();
        if (cmd.paymentId() == null || cmd.paymentId().isBlank())
            problems.add(new Violation("paymentId", "is required"));
        if (cmd.credits() < 1 || cmd.credits() > MAX_CREDITS_PER_LOT)
            problems.add(new Violation("credits", "must be from 1 to " + MAX_CREDITS_PER_LOT));
        if (cmd.amountMinor() < 0) problems.add(new Violation("amountMinor", "must not be negative"));
        if (cmd.currency() == null || !cmd.currency().matches("[a-z]{3}"))
            problems.add(new Violation("currency", "must be an ISO 4217 code in lower case"));
        if (!problems.isEmpty()) throw new CreditException.Invalid(problems);
        if (payments.contains(cmd.paymentId())) return;
        if (allLots.contains("lot_" + cmd.paymentId()))
            throw new CreditException.StateConflict("lot lot_" + cmd.paymentId() + " exists already");
        apply(new CreditsPurchased(
                cmd.accountId(),
                "lot_" + cmd.paymentId(),
                cmd.credits(),
                cmd.amountMinor(),
                cmd.currency(),
                cmd.paymentId(),
                cmd.paymentIntentId()));
        recoverOwed();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(GrantCredits cmd) {
        var problems = new ArrayList<Violation>();
        if (cmd.grantId() == null || cmd.grantId().isBlank()) problems.add(new Violation("grantId", "is required"));
        if (cmd.credits() < 1 || cmd.credits() > MAX_CREDITS_PER_LOT)
            problems.add(new Violation("credits", "must be from 1 to " + MAX_CREDITS_PER_LOT));
        if (cmd.reason() == null || cmd.reason().isBlank() || cmd.reason().length() > 500)
            problems.add(new Violation("reason", "must be 1-500 characters"));
        if (!problems.isEmpty()) throw new CreditException.Invalid(problems);
        String lotId = "lot_" + cmd.grantId();
        if (allLots.contains(lotId)) return;
        apply(new CreditsGranted(
                cmd.accountId(), lotId, cmd.credits(), cmd.reason().strip(), cmd.grantedBy()));
        recoverOwed();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReserveCredits cmd) {
        if (cmd.credits() < 0)
            throw new CreditException.Invalid(List.of(new Violation("credits", "must not be negative")));
        if (reservations.containsKey(cmd.runId()) || settledRuns.contains(cmd.runId())) return;
        if (owed > 0) throw new CreditException.Owing(owed);
        long available = balance - reserved;
        if (cmd.credits() > available) throw new CreditException.InsufficientCredits(available, cmd.credits());
        apply(new CreditsReserved(cmd.accountId(), cmd.runId(), cmd.credits()));
    }

    /** Charges the run what its calls cost (at most its reservation), FIFO over the lots, and releases the rest. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChargeRun cmd) {
        Long held = reservations.get(cmd.runId());
        if (held == null) return; // charged already, or never reserved (nothing to charge against)
        long apiCost = cmd.costs().stream().mapToLong(ModelCost::apiCostMicros).sum();
        long due = cmd.pricing().creditsFor(apiCost);
        long credits = Math.min(due, held);
        long uncovered = 0;
        if (due > held) {
            // the part of the API cost the reservation does not cover: cost of the uncharged credits, rounded down
            uncovered = apiCost - maxCostCoveredBy(held, apiCost, cmd);
        }
        apply(new CreditsCharged(id, cmd.runId(), credits, apiCost, uncovered, takeFifo(credits), cmd.costs()));
        if (held - credits > 0) apply(new ReservationReleased(id, cmd.runId(), held - credits));
        recoverOwed();
    }

    @CommandHandler
    public void handle(ReleaseReservation cmd) {
        Long held = reservations.get(cmd.runId());
        if (held == null) return;
        apply(new ReservationReleased(id, cmd.runId(), held));
        recoverOwed();
    }

    /**
     * The credits the reversed money bought, rounded up (⌈credits × reversed ÷ price⌉, all of them for a full reversal),
     * less those of the lot that already left with their money (an admin's refund, which the provider then reports as
     * its refund; earlier clawbacks): as many as are unspent and not held for runs are taken back, the rest is owed,
     * then paid at once from any other credits available.
     */
    @CommandHandler
    public void handle(ClawBackPayment cmd) {
        String lotId = "lot_" + cmd.paymentId();
        Lot bought = purchases.get(lotId);
        if (bought == null) throw new CreditException.LotNotFound(lotId);
        if (!bought.currency().equals(cmd.currency())) {
            throw new CreditException.StateConflict(
                    "lot " + lotId + " was bought in " + bought.currency() + ", not " + cmd.currency());
        }
        if (cmd.reversedMinor() < 0)
            throw new CreditException.Invalid(List.of(new Violation("reversedMinor", "must not be negative")));
        String key = lotId + " " + cmd.cause();
        long reversedNow = Math.max(cmd.reversedMinor(), reversedMinor.getOrDefault(key, 0L));
        long reversedInAll = reversedNow;
        for (var cause : ClawbackCause.values()) {
            if (cause != cmd.cause()) reversedInAll += reversedMinor.getOrDefault(lotId + " " + cause, 0L);
        }
        long target = creditsBoughtBy(bought, reversedInAll);
        long due = target - reversedCredits.getOrDefault(lotId, 0L);
        if (due <= 0) return;
        Lot lot = lots.get(lotId);
        long take = Math.min(due, Math.min(lot == null ? 0 : lot.remaining(), balance - reserved));
        apply(new CreditsClawedBack(
                id,
                lotId,
                cmd.paymentId(),
                cmd.cause(),
                reversedNow,
                take,
                take == 0 ? 0 : lot.amountForNext(take),
                bought.currency(),
                due - take));
        recoverOwed();
    }

    /** Answers the credits settled. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(SettleOwedCredits cmd) {
        if (cmd.reason() == null || cmd.reason().isBlank() || cmd.reason().length() > 500) {
            throw new CreditException.Invalid(List.of(new Violation("reason", "must be 1-500 characters")));
        }
        if (owed == 0) throw new CreditException.StateConflict("account " + cmd.accountId() + " owes nothing");
        long settled = owed;
        apply(new OwedCreditsSettled(id, settled, cmd.reason().strip(), cmd.settledBy()));
        return settled;
    }

    @CommandHandler
    public void handle(RefundLot cmd) {
        if (!allLots.contains(cmd.lotId())) throw new CreditException.LotNotFound(cmd.lotId());
        if (!purchaseLots.contains(cmd.lotId()))
            throw new CreditException.StateConflict(
                    "lot " + cmd.lotId() + " was granted, not bought: nothing to refund");
        Lot lot = lots.get(cmd.lotId());
        long refundable =
                lot == null ? 0 : Math.min(lot.remaining(), Math.max(0, remainingUpTo(cmd.lotId()) - reserved));
        if (refundable == 0)
            throw new CreditException.StateConflict(
                    "lot " + cmd.lotId() + " has no unused, unreserved credits left to refund");
        apply(new CreditsRefunded(
                id,
                new LotUse(lot.lotId(), refundable, lot.amountForNext(refundable), lot.currency()),
                cmd.refundedBy()));
    }

    // --- decisions -------------------------------------------------------------------------

    /** Credits that became available pay what the account owes, first in, first out. */
    private void recoverOwed() {
        long pay = Math.min(owed, balance - reserved);
        if (pay > 0) apply(new OwedCreditsRecovered(id, pay, takeFifo(pay)));
    }

    /** ⌈credits × money ÷ price⌉ of the lot, at most all its credits; all of them for a lot bought for nothing. */
    private static long creditsBoughtBy(Lot bought, long money) {
        if (money <= 0) return 0;
        if (bought.amountMinor() == 0 || money >= bought.amountMinor()) return bought.credits();
        BigInteger[] qr = BigInteger.valueOf(bought.credits())
                .multiply(BigInteger.valueOf(money))
                .divideAndRemainder(BigInteger.valueOf(bought.amountMinor()));
        return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    }

    /** The lots that pay for {@code credits}, oldest first, each with the revenue it recognises ({@link FifoCharge}). */
    private List<LotUse> takeFifo(long credits) {
        List<LotUse> uses = FifoCharge.take(lots.values(), credits);
        long left = credits - uses.stream().mapToLong(LotUse::credits).sum();
        if (left != 0) throw new IllegalStateException("account " + id + " is short of " + left + " reserved credits");
        return uses;
    }

    /**
     * Credits left in the lots up to and including {@code lotId}, oldest first. Reservations will be charged
     * from the oldest lots, so only what a lot holds beyond them is free to refund.
     */
    private long remainingUpTo(String lotId) {
        long sum = 0;
        for (Lot lot : lots.values()) {
            sum += lot.remaining();
            if (lot.lotId().equals(lotId)) break;
        }
        return sum;
    }

    /** The largest API cost (micro-dollars, ≤ apiCost) that {@code credits} pay for at the run's pricing. */
    private static long maxCostCoveredBy(long credits, long apiCost, ChargeRun cmd) {
        return FifoCharge.maxCostCoveredBy(cmd.pricing(), credits, apiCost);
    }

    // --- state -----------------------------------------------------------------------------

    @EventSourcingHandler
    void on(CreditsPurchased e) {
        id = e.accountId();
        lots.put(e.lotId(), new Lot(e.lotId(), e.credits(), e.amountMinor(), e.currency(), 0));
        allLots.add(e.lotId());
        purchaseLots.add(e.lotId());
        purchases.put(e.lotId(), new Lot(e.lotId(), e.credits(), e.amountMinor(), e.currency(), 0));
        payments.add(e.paymentId());
        balance += e.credits();
    }

    @EventSourcingHandler
    void on(CreditsGranted e) {
        id = e.accountId();
        lots.put(e.lotId(), new Lot(e.lotId(), e.credits(), 0, "usd", 0));
        allLots.add(e.lotId());
        balance += e.credits();
    }

    @EventSourcingHandler
    void on(CreditsReserved e) {
        id = e.accountId();
        reservations.put(e.runId(), e.credits());
        reserved += e.credits();
    }

    @EventSourcingHandler
    void on(CreditsCharged e) {
        id = e.accountId();
        for (LotUse use : e.lots()) useLot(use);
        balance -= e.credits();
        reserved -= e.credits();
        long rest = reservations.remove(e.runId()) - e.credits();
        if (rest > 0) reservations.put(e.runId(), rest);
        settledRuns.add(e.runId());
    }

    @EventSourcingHandler
    void on(ReservationReleased e) {
        reserved -= e.credits();
        long rest = reservations.getOrDefault(e.runId(), 0L) - e.credits();
        if (rest > 0) reservations.put(e.runId(), rest);
        else reservations.remove(e.runId());
        settledRuns.add(e.runId());
    }

    @EventSourcingHandler
    void on(CreditsRefunded e) {
        useLot(e.refund());
        reversedCredits.merge(e.refund().lotId(), e.refund().credits(), Long::sum);
        balance -= e.refund().credits();
    }

    @EventSourcingHandler
    void on(CreditsClawedBack e) {
        if (e.credits() > 0) useLot(new LotUse(e.lotId(), e.credits(), e.amountMinor(), e.currency()));
        balance -= e.credits();
        owed += e.owedCredits();
        reversedMinor.put(e.lotId() + " " + e.cause(), e.reversedMinor());
        reversedCredits.merge(e.lotId(), e.credits() + e.owedCredits(), Long::sum);
    }

    @EventSourcingHandler
    void on(OwedCreditsRecovered e) {
        for (LotUse use : e.lots()) useLot(use);
        balance -= e.credits();
        owed -= e.credits();
    }

    @EventSourcingHandler
    void on(OwedCreditsSettled e) {
        owed -= e.credits();
    }

    private void useLot(LotUse use) {
        Lot lot = lots.get(use.lotId()).use(use.credits());
        if (lot.remaining() == 0) lots.remove(use.lotId());
        else lots.put(use.lotId(), lot);
    }
}

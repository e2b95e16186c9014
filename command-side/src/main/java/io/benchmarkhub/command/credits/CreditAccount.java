package io.benchmarkhub.command.credits;

import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.credits.Lot;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.credits.commands.GrantCredits;
import io.benchmarkhub.domain.credits.commands.PurchaseCredits;
import io.benchmarkhub.domain.credits.commands.RefundLot;
import io.benchmarkhub.domain.credits.commands.ReleaseReservation;
import io.benchmarkhub.domain.credits.commands.ReserveCredits;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.credits.events.CreditsGranted;
import io.benchmarkhub.domain.credits.events.CreditsPurchased;
import io.benchmarkhub.domain.credits.events.CreditsRefunded;
import io.benchmarkhub.domain.credits.events.CreditsReserved;
import io.benchmarkhub.domain.credits.events.ReservationReleased;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One user's credits. It keeps the lots in arrival order (credits are used first in, first out), the
 * reservations of runs in progress and the payments and runs already handled, so a payment delivered
 * twice is credited once and a run is charged once. The rule it guards: the credits available
 * (balance less reservations) never go below zero, because a run reserves before its first call and is
 * never charged more than it reserved.
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
    private final Set<String> payments = new HashSet<>();
    private final Map<RunId, Long> reservations = new LinkedHashMap<>();
    private final Set<RunId> settledRuns = new HashSet<>();
    private long balance;
    private long reserved;

    protected CreditAccount() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PurchaseCredits cmd) {
        var problems = new ArrayList<Violation>();
        if (cmd.paymentId() == null || cmd.paymentId().isBlank()) problems.add(new Violation("paymentId", "is required"));
        if (cmd.credits() < 1 || cmd.credits() > MAX_CREDITS_PER_LOT) problems.add(new Violation("credits", "must be from 1 to " + MAX_CREDITS_PER_LOT));
        if (cmd.amountMinor() < 0) problems.add(new Violation("amountMinor", "must not be negative"));
        if (cmd.currency() == null || !cmd.currency().matches("[a-z]{3}")) problems.add(new Violation("currency", "must be an ISO 4217 code in lower case"));
        if (!problems.isEmpty()) throw new CreditException.Invalid(problems);
        if (payments.contains(cmd.paymentId())) return;
        if (allLots.contains("lot_" + cmd.paymentId())) throw new CreditException.StateConflict("lot lot_" + cmd.paymentId() + " exists already");
        apply(new CreditsPurchased(cmd.accountId(), "lot_" + cmd.paymentId(), cmd.credits(), cmd.amountMinor(), cmd.currency(), cmd.paymentId()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(GrantCredits cmd) {
        var problems = new ArrayList<Violation>();
        if (cmd.grantId() == null || cmd.grantId().isBlank()) problems.add(new Violation("grantId", "is required"));
        if (cmd.credits() < 1 || cmd.credits() > MAX_CREDITS_PER_LOT) problems.add(new Violation("credits", "must be from 1 to " + MAX_CREDITS_PER_LOT));
        if (cmd.reason() == null || cmd.reason().isBlank() || cmd.reason().length() > 500) problems.add(new Violation("reason", "must be 1-500 characters"));
        if (!problems.isEmpty()) throw new CreditException.Invalid(problems);
        String lotId = "lot_" + cmd.grantId();
        if (allLots.contains(lotId)) return;
        apply(new CreditsGranted(cmd.accountId(), lotId, cmd.credits(), cmd.reason().strip(), cmd.grantedBy()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReserveCredits cmd) {
        if (cmd.credits() < 0) throw new CreditException.Invalid(List.of(new Violation("credits", "must not be negative")));
        if (reservations.containsKey(cmd.runId()) || settledRuns.contains(cmd.runId())) return;
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
    }

    @CommandHandler
    public void handle(ReleaseReservation cmd) {
        Long held = reservations.get(cmd.runId());
        if (held == null) return;
        apply(new ReservationReleased(id, cmd.runId(), held));
    }

    @CommandHandler
    public void handle(RefundLot cmd) {
        if (!allLots.contains(cmd.lotId())) throw new CreditException.LotNotFound(cmd.lotId());
        if (!purchaseLots.contains(cmd.lotId())) throw new CreditException.StateConflict("lot " + cmd.lotId() + " was granted, not bought: nothing to refund");
        Lot lot = lots.get(cmd.lotId());
        long refundable = lot == null ? 0 : Math.min(lot.remaining(), Math.max(0, remainingUpTo(cmd.lotId()) - reserved));
        if (refundable == 0) throw new CreditException.StateConflict("lot " + cmd.lotId() + " has no unused, unreserved credits left to refund");
        apply(new CreditsRefunded(id, new LotUse(lot.lotId(), refundable, lot.amountForNext(refundable), lot.currency()), cmd.refundedBy()));
    }

    // --- decisions -------------------------------------------------------------------------

    /** The lots that pay for {@code credits}, oldest first, each with the revenue it recognises. */
    private List<LotUse> takeFifo(long credits) {
        var uses = new ArrayList<LotUse>();
        long left = credits;
        for (Lot lot : lots.values()) {
            if (left == 0) break;
            long take = Math.min(left, lot.remaining());
            uses.add(new LotUse(lot.lotId(), take, lot.amountForNext(take), lot.currency()));
            left -= take;
        }
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
        long low = 0;
        long high = apiCost;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (cmd.pricing().creditsFor(mid) <= credits) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    // --- state -----------------------------------------------------------------------------

    @EventSourcingHandler
    void on(CreditsPurchased e) {
        id = e.accountId();
        lots.put(e.lotId(), new Lot(e.lotId(), e.credits(), e.amountMinor(), e.currency(), 0));
        allLots.add(e.lotId());
        purchaseLots.add(e.lotId());
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
        balance -= e.refund().credits();
    }

    private void useLot(LotUse use) {
        Lot lot = lots.get(use.lotId()).use(use.credits());
        if (lot.remaining() == 0) lots.remove(use.lotId());
        else lots.put(use.lotId(), lot);
    }
}

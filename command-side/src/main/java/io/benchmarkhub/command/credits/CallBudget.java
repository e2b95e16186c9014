package io.benchmarkhub.command.credits;

import io.benchmarkhub.domain.credits.CreditPricing;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.events.RunRequested;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What is left of a CREDITS run's reservation while the run executes on this node. Before each call to a paid model the
 * executor holds the call's upper bound; the call is sent only when the API cost spent so far, plus the bounds of the
 * calls in flight, plus this bound, still converts to no more credits than were reserved. When it does not, the call
 * waits for the calls in flight to settle (each gives back its bound and counts its real cost instead); when no call is
 * in flight and it still does not fit, the budget is used up and the run stops before sending it. So no call is ever
 * sent that the reservation does not cover, whatever the concurrency (ADR 0017).
 */
public final class CallBudget {

    /** Thrown by {@link #hold} once the budget is used up; the call it was asked for is not sent. */
    public static final class UsedUp extends RuntimeException {
        UsedUp(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One call's bound, held until the call is settled. */
    public final class Hold {
        private final long boundMicros;
        private boolean settled;

        private Hold(long boundMicros) {
            this.boundMicros = boundMicros;
        }

        /** The call answered and cost {@code costMicros}: its bound is given back and its cost counted. */
        public void settle(long costMicros) {
            CallBudget.this.settle(this, costMicros);
        }

        /** The call was not answered (failed, cancelled): its bound is given back and nothing counted. */
        public void release() {
            CallBudget.this.settle(this, 0);
        }
    }

    private final Long reservedCredits;
    private final CreditPricing pricing;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long spentMicros;
    private long heldMicros;
    private int inFlight;
    private volatile String usedUp;

    private CallBudget(Long reservedCredits, CreditPricing pricing, long spentMicros) {
        this.reservedCredits = reservedCredits;
        this.pricing = pricing;
        this.spentMicros = spentMicros;
    }

    /** No limit: a BYOK run, which the caller's key pays for. */
    public static CallBudget unlimited() {
        return new CallBudget(null, null, 0);
    }

    /** The budget of {@code request}, of which {@code spentMicros} were spent by the calls already recorded. */
    public static CallBudget of(RunRequested request, long spentMicros) {
        if (request.billing() != Billing.CREDITS || request.reservedCredits() == null || request.pricing() == null)
            return unlimited();
        return new CallBudget(request.reservedCredits(), request.pricing(), spentMicros);
    }

    public boolean limited() {
        return reservedCredits != null;
    }

    /**
     * Holds the bound of a call to {@code model} before it is sent. {@code bound} is asked only when the budget is
     * limited; empty means the call cannot be bounded (its price is not known), and then it is not sent either.
     *
     * @throws UsedUp               when what is left of the reservation cannot cover the call
     * @throws InterruptedException when the execution is stopped while the call waits for room
     */
    public Hold hold(String model, Supplier<OptionalLong> bound) throws InterruptedException {
        if (!limited()) return new Hold(0);
        OptionalLong micros = bound.get();
        lock.lock();
        try {
            if (micros.isEmpty()) {
                useUp("the price of " + model
                        + " is not known now, so its next call cannot be bounded and was not sent; "
                        + "the run is charged for the calls it made");
            }
            long needed = micros.orElseThrow();
            if (needed == 0) return new Hold(0);
            while (true) {
                if (usedUp != null) throw new UsedUp(usedUp);
                if (pricing.creditsFor(spentMicros + heldMicros + needed) <= reservedCredits) break;
                if (inFlight == 0) {
                    useUp("the run used up the " + reservedCredits
                            + " credits reserved for it: what is left does not cover "
                            + "the next call to " + model + " (up to " + needed
                            + " µ$), which was not sent; the run is charged "
                            + "for the calls it made");
                }
                changed.await();
            }
            heldMicros += needed;
            inFlight++;
            return new Hold(needed);
        } finally {
            lock.unlock();
        }
    }

    public boolean usedUp() {
        return usedUp != null;
    }

    /** Why the budget is used up; null while it is not. */
    public String reason() {
        return usedUp;
    }

    private void useUp(String reason) {
        if (usedUp == null) usedUp = reason;
        changed.signalAll();
        throw new UsedUp(usedUp);
    }

    private void settle(Hold hold, long costMicros) {
        if (hold.boundMicros == 0 && costMicros == 0) return;
        lock.lock();
        try {
            if (hold.settled) return;
            hold.settled = true;
            if (hold.boundMicros > 0) {
                heldMicros -= hold.boundMicros;
                inFlight--;
            }
            spentMicros += costMicros;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

package io.benchmarkhub.command.run.provider;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many calls to one provider may be in flight, adapted AIMD-style to its rate limits: a call
 * that is rate-limited halves the limit (never below 1); {@code increaseAfter} successes in a row
 * raise it by one, up to {@code max}. Other failures leave it alone.
 * <p>
 * One burst of 429s halves the limit once, not once per call: a rate-limited call narrows the
 * limit only if no other narrowing happened since that call got its permit (calls already in
 * flight when the limit was halved were sent under the old limit and say nothing about the new one).
 * <p>
 * Waiting uses a {@link ReentrantLock}, not {@code synchronized}, so waiting virtual threads do not
 * pin their carrier threads on Java 21.
 */
public final class AdaptiveConcurrencyLimit {

    private final int max;
    private final int increaseAfter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int limit;
    private int inFlight;
    private int successesInARow;
    private long epoch;

    public AdaptiveConcurrencyLimit(int max, int increaseAfter) {
        if (max < 1) throw new IllegalArgumentException("max must be at least 1, got " + max);
        if (increaseAfter < 1)
            throw new IllegalArgumentException("increaseAfter must be at least 1, got " + increaseAfter);
        this.max = max;
        this.increaseAfter = increaseAfter;
        this.limit = max;
    }

    /** A permit to make one call; give it back exactly once with one of its methods. */
    public final class Permit {
        private final long acquiredInEpoch;
        private boolean returned;

        private Permit(long acquiredInEpoch) {
            this.acquiredInEpoch = acquiredInEpoch;
        }

        /** The call succeeded. */
        public void success() {
            release(Outcome.SUCCESS, acquiredInEpoch, this);
        }

        /** The provider said slow down (429). */
        public void rateLimited() {
            release(Outcome.RATE_LIMITED, acquiredInEpoch, this);
        }

        /** Any other outcome: the limit stays as it is. */
        public void ignored() {
            release(Outcome.IGNORED, acquiredInEpoch, this);
        }
    }

    private enum Outcome {
        SUCCESS,
        RATE_LIMITED,
        IGNORED
    }

    /** Waits until a call may start. */
    public Permit acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limit) released.await();
            inFlight++;
            return new Permit(epoch);
        } finally {
            lock.unlock();
        }
    }

    /** Runs one call under a permit and adapts the limit to its outcome. */
    public <T> T call(ProviderCall<T> call) throws ProviderFailure, InterruptedException {
        Permit permit = acquire();
        try {
            T result = call.call();
            permit.success();
            return result;
        } catch (ProviderFailure failure) {
            if (failure.kind() == ProviderFailure.Kind.RATE_LIMITED) permit.rateLimited();
            else permit.ignored();
            throw failure;
        } catch (RuntimeException | Error e) {
            permit.ignored();
            throw e;
        }
    }

    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int max() {
        return max;
    }

    private void release(Outcome outcome, long acquiredInEpoch, Permit permit) {
        lock.lock();
        try {
            if (permit.returned) throw new IllegalStateException("permit already returned");
            permit.returned = true;
            inFlight--;
            switch (outcome) {
                case SUCCESS -> {
                    if (++successesInARow >= increaseAfter) {
                        successesInARow = 0;
                        if (limit < max) limit++;
                    }
                }
                case RATE_LIMITED -> {
                    successesInARow = 0;
                    if (acquiredInEpoch == epoch) {
                        limit = Math.max(1, limit / 2);
                        epoch++;
                    }
                }
                case IGNORED -> {}
            }
            // wake one waiter per free slot, not all of them: hundreds of trial threads may be waiting
            for (int free = limit - inFlight; free > 0; free--) released.signal();
        } finally {
            lock.unlock();
        }
    }
}

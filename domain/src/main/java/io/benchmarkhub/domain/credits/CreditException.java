package io.benchmarkhub.domain.credits;

import io.benchmarkhub.domain.benchmark.Violation;
import java.util.List;

/** Why a credit command was refused. The API maps each kind to its HTTP status. */
public abstract sealed class CreditException extends RuntimeException {

    private CreditException(String message) {
        super(message);
    }

    /** Not enough credits available (balance less reservations). → 402 */
    public static final class InsufficientCredits extends CreditException {
        private final long available;
        private final long needed;

        public InsufficientCredits(long available, long needed) {
            this(
                    available,
                    needed,
                    "this needs " + needed + " credits and " + available
                            + " are available; buy credits or use billing BYOK");
        }

        public InsufficientCredits(long available, long needed, String message) {
            super(message);
            this.available = available;
            this.needed = needed;
        }

        public long available() {
            return available;
        }

        public long needed() {
            return needed;
        }
    }

    /**
     * A workspace run would take the requesting member past the monthly spend limit an owner or admin set for them: the
     * limit, what is left of it this month (UTC) and what the run would hold. → 402
     */
    public static final class SpendLimitExceeded extends CreditException {
        private final long monthlySpendLimit;
        private final long left;
        private final long needed;

        public SpendLimitExceeded(long monthlySpendLimit, long left, long needed) {
            super("this run would hold " + needed + " credits of the workspace, but your monthly spend limit in it is "
                    + monthlySpendLimit + " credits and " + left
                    + " are left this month; lower maxCostCredits, or ask an owner or admin to raise the limit");
            this.monthlySpendLimit = monthlySpendLimit;
            this.left = left;
            this.needed = needed;
        }

        public long monthlySpendLimit() {
            return monthlySpendLimit;
        }

        public long left() {
            return left;
        }

        public long needed() {
            return needed;
        }
    }

    /**
     * The account owes credits after a refund or dispute of a purchase whose credits were already spent, so it starts no
     * paid run until new credits pay it or an admin settles it. → 402
     */
    public static final class Owing extends CreditException {
        private final long owed;

        public Owing(long owed) {
            super("this account owes " + owed + (owed == 1 ? " credit" : " credits")
                    + " after a refund or dispute of a purchase "
                    + "whose credits were already spent, so it starts no paid run until that is settled: credits bought or "
                    + "granted pay what is owed first, or an admin settles it");
            this.owed = owed;
        }

        public long owed() {
            return owed;
        }
    }

    /** No such lot in the account. → 404 */
    public static final class LotNotFound extends CreditException {
        public LotNotFound(String lotId) {
            super("no lot " + lotId + " in this account");
        }
    }

    /** The request is not valid. → 400 */
    public static final class Invalid extends CreditException {
        private final List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super("not valid: "
                    + violations.stream()
                            .map(v -> v.field() + " " + v.message())
                            .toList());
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** The command does not fit the account's state (e.g. refunding a grant). → 409 */
    public static final class StateConflict extends CreditException {
        public StateConflict(String message) {
            super(message);
        }
    }
}

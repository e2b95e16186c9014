package io.benchmarkhub.command.credits;

import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.credits.CreditPricing;
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
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * Shared test data for the {@link CreditAccount} tests: one buyer's account, runs run_1 to run_3, the default
 * pricing (1 credit = 1,000 µ$, markup ×1.3) and lots named after their payment or grant ids, in usd.
 */
final class CreditAccountTestData {

    static final AccountId ACCOUNT = new AccountId("acct_usr_buyer");
    static final UserId ADMIN = new UserId("usr_admin");
    static final RunId RUN = new RunId("run_1");
    static final RunId RUN_2 = new RunId("run_2");
    static final RunId RUN_3 = new RunId("run_3");
    static final CreditPricing PRICING = new CreditPricing(1_000, 13_000);
    static final String REASON = "welcome";

    private CreditAccountTestData() {}

    static PurchaseCredits purchase(String paymentId, long credits, long amountMinor) {
        return new PurchaseCredits(ACCOUNT, paymentId, credits, amountMinor, "usd");
    }

    static CreditsPurchased purchased(String paymentId, long credits, long amountMinor) {
        return new CreditsPurchased(ACCOUNT, "lot_" + paymentId, credits, amountMinor, "usd", paymentId);
    }

    static GrantCredits grant(String grantId, long credits) {
        return new GrantCredits(ACCOUNT, grantId, credits, REASON, ADMIN);
    }

    static CreditsGranted granted(String grantId, long credits) {
        return new CreditsGranted(ACCOUNT, "lot_" + grantId, credits, REASON, ADMIN);
    }

    static ReserveCredits reserve(RunId run, long credits) {
        return new ReserveCredits(ACCOUNT, run, credits);
    }

    static CreditsReserved reserved(RunId run, long credits) {
        return new CreditsReserved(ACCOUNT, run, credits);
    }

    static ModelCost cost(String model, long apiCostMicros) {
        return new ModelCost(model, apiCostMicros);
    }

    /** A charge at the default pricing. */
    static ChargeRun charge(RunId run, ModelCost... costs) {
        return new ChargeRun(ACCOUNT, run, List.of(costs), PRICING);
    }

    /** The charge event of {@link #charge}: {@code byModel} is the command's costs, {@code apiCostMicros} their sum. */
    static CreditsCharged charged(ChargeRun charge, long credits, long uncoveredCostMicros, LotUse... lots) {
        long apiCost =
                charge.costs().stream().mapToLong(ModelCost::apiCostMicros).sum();
        return new CreditsCharged(
                ACCOUNT, charge.runId(), credits, apiCost, uncoveredCostMicros, List.of(lots), charge.costs());
    }

    static LotUse use(String lotId, long credits, long amountMinor) {
        return new LotUse(lotId, credits, amountMinor, "usd");
    }

    static ReleaseReservation release(RunId run) {
        return new ReleaseReservation(ACCOUNT, run);
    }

    static ReservationReleased released(RunId run, long credits) {
        return new ReservationReleased(ACCOUNT, run, credits);
    }

    static RefundLot refund(String lotId) {
        return new RefundLot(ACCOUNT, lotId, ADMIN);
    }

    static CreditsRefunded refunded(String lotId, long credits, long amountMinor) {
        return new CreditsRefunded(ACCOUNT, use(lotId, credits, amountMinor), ADMIN);
    }

    /** Matches a {@link CreditException.Invalid} naming exactly these fields, in this order. */
    static Matcher<Throwable> invalidNaming(String... fields) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item, Description mismatch) {
                if (!(item instanceof CreditException.Invalid invalid)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                List<String> named =
                        invalid.violations().stream().map(Violation::field).toList();
                if (!named.equals(List.of(fields))) {
                    mismatch.appendText("violations named ").appendValue(named);
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("CreditException.Invalid naming ").appendValue(List.of(fields));
            }
        };
    }

    /** Matches a {@link CreditException.InsufficientCredits} (402) with these figures. */
    static Matcher<Throwable> insufficient(long available, long needed) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item, Description mismatch) {
                if (!(item instanceof CreditException.InsufficientCredits refused)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                if (refused.available() != available || refused.needed() != needed) {
                    mismatch.appendText("available ")
                            .appendValue(refused.available())
                            .appendText(", needed ")
                            .appendValue(refused.needed());
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description
                        .appendText("InsufficientCredits with available ")
                        .appendValue(available)
                        .appendText(", needed ")
                        .appendValue(needed);
            }
        };
    }
}

package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A run's charge, once, when it ended. {@code apiCostMicros} is what its calls cost the providers;
 * {@code credits} is that converted with the markup (rounded up), but never more than was reserved —
 * {@code uncoveredCostMicros} is the API cost beyond the reservation that the account was not charged for.
 * {@code lots} says which lots paid, oldest first, with the revenue each recognises; {@code byModel}
 * splits the API cost per model.
 */
@Revision("1")
public record CreditsCharged(
        AccountId accountId,
        RunId runId,
        long credits,
        long apiCostMicros,
        long uncoveredCostMicros,
        List<LotUse> lots,
        List<ModelCost> byModel)
        implements CreditEvent {}

package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.LotUse;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Credits that became available (bought, granted, or released by a run) paid what the account owed after a clawback,
 * first in, first out over its lots, each use recognising its revenue as a charge does.
 */
@Revision("1")
public record OwedCreditsRecovered(AccountId accountId, long credits, List<LotUse> lots) implements CreditEvent {}

package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/** Credits held for a run before its first call: an upper bound of what it may cost. */
@Revision("1")
public record CreditsReserved(AccountId accountId, RunId runId, long credits) implements CreditEvent {}

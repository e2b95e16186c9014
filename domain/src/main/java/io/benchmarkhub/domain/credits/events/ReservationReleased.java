package io.benchmarkhub.domain.credits.events;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.serialization.Revision;

/** The part of a run's reservation it did not use (all of it when the run never started) is available again. */
@Revision("1")
public record ReservationReleased(AccountId accountId, RunId runId, long credits) implements CreditEvent {}

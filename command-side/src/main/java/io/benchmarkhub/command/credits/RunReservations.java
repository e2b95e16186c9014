package io.benchmarkhub.command.credits;

import io.benchmarkhub.command.credits.store.PendingReservations;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.credits.commands.ReleaseReservation;
import io.benchmarkhub.domain.credits.commands.ReserveCredits;
import io.benchmarkhub.domain.run.RunId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserves a CREDITS run's credits and then records the run, so that the reservation always ends: charged and released
 * by the run's end, released here when recording fails, or released by the {@link ReservationSweeper} when this node
 * dies in between. The pending row is written before the reservation and removed in the transaction that records the
 * run; a sweeper that took it first wins, and the run is then refused instead of running on a released reservation.
 */
@Component
public class RunReservations {

    private final PendingReservations pending;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;

    public RunReservations(PendingReservations pending, CommandGateway commands, TransactionTemplate transaction) {
        this.pending = pending;
        this.commands = commands;
        this.transaction = transaction;
    }

    /**
     * Holds {@code credits} for the run (402 when the account cannot), then runs {@code recordRun}. With nothing to
     * reserve (a run that costs nothing) it only records the run.
     */
    public void reserveThenRecord(AccountId account, RunId runId, long credits, Runnable recordRun) {
        if (credits == 0) {
            recordRun.run();
            return;
        }
        pending.open(account, runId);
        try {
            commands.sendAndWait(new ReserveCredits(account, runId, credits));
        } catch (RuntimeException refused) {
            pending.close(runId);
            throw refused;
        }
        try {
            transaction.executeWithoutResult(status -> {
                if (!pending.close(runId)) {
                    throw new CreditException.StateConflict(
                            "the credits reserved for run " + runId
                                    + " were released before the run could be recorded; nothing was recorded, ask for the run again");
                }
                // joins this transaction: the run is recorded together with the removal of its pending reservation
                recordRun.run();
            });
        } catch (RuntimeException e) {
            commands.sendAndWait(new ReleaseReservation(account, runId));
            pending.close(runId);
            throw e;
        }
    }
}

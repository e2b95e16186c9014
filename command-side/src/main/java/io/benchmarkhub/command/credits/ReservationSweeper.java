package io.benchmarkhub.command.credits;

import io.benchmarkhub.command.credits.store.PendingReservations;
import io.benchmarkhub.domain.credits.commands.ReleaseReservation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases the reservations of runs that were never recorded: the node that reserved died before it recorded the run,
 * so no run will ever charge or release them. A reservation is swept once it is older than the grace period and its
 * run has no events. Each sweep locks the rows it takes ({@code FOR UPDATE SKIP LOCKED}) and releases them in the same
 * transaction that removes them, so sweeps on several nodes at once, or a launcher that is only slow, never lead to a
 * reservation released twice or released under a run (the account also releases a run's reservation once at most).
 */
@Component
public class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);
    private static final int BATCH = 100;

    private final PendingReservations pending;
    private final CommandGateway commands;
    private final TransactionTemplate transaction;
    private final CreditsProperties properties;

    public ReservationSweeper(
            PendingReservations pending,
            CommandGateway commands,
            TransactionTemplate transaction,
            CreditsProperties properties) {
        this.pending = pending;
        this.commands = commands;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** One sweep of up to 100 expired reservations; answers how many it released. */
    public int sweep() {
        Integer released = transaction.execute(status -> {
            int count = 0;
            for (PendingReservations.Pending p :
                    pending.lockExpired(properties.sweep().gracePeriod(), BATCH)) {
                if (!pending.recorded(p.runId())) {
                    // joins this transaction: the release and the removal of the row commit together
                    commands.sendAndWait(new ReleaseReservation(p.account(), p.runId()));
                    count++;
                    log.warn(
                            "Released the credits reserved for run {} of {}: the run was never recorded (its node stopped in between)",
                            p.runId(),
                            p.account());
                }
                pending.close(p.runId());
            }
            return count;
        });
        return released == null ? 0 : released;
    }
}

package io.benchmarkhub.command.credits.policy;

import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.domain.credits.ModelCost;
import io.benchmarkhub.domain.credits.commands.ChargeRun;
import io.benchmarkhub.domain.run.Billing;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCancelled;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunRequested;
import io.benchmarkhub.domain.run.events.RunTimedOut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The policy that charges a CREDITS run when it ends, however it ends: completed, failed, cancelled or
 * timed out. It reads what the run's calls cost from the run's own events and sends {@link ChargeRun};
 * the account charges each run once, so a redelivered or replayed end event charges nothing more.
 * A run that crashed between its reservation and its end is resumed by an executor, ends, and is charged
 * here once. Simulated calls cost nothing and are not charged.
 */
@Component
@ProcessingGroup(RunBilling.NAME)
public class RunBilling {

    public static final String NAME = "run-billing";

    private final EventStore eventStore;
    private final CommandGateway commands;
    private final ProviderGateway gateway;

    public RunBilling(EventStore eventStore, CommandGateway commands, ProviderGateway gateway) {
        this.eventStore = eventStore;
        this.commands = commands;
        this.gateway = gateway;
    }

    @EventHandler
    void on(RunCompleted e) {
        charge(e.runId());
    }

    @EventHandler
    void on(RunFailed e) {
        charge(e.runId());
    }

    @EventHandler
    void on(RunCancelled e) {
        charge(e.runId());
    }

    @EventHandler
    void on(RunTimedOut e) {
        charge(e.runId());
    }

    private void charge(RunId runId) {
        RunRequested request = null;
        Map<String, Long> costs = new LinkedHashMap<>();
        DomainEventStream events = eventStore.readEvents(runId.value());
        while (events.hasNext()) {
            switch (events.next().getPayload()) {
                case RunRequested r -> {
                    request = r;
                    r.models().forEach(m -> costs.put(m, 0L));
                }
                case ModelResponseRecorded r
                when !r.simulated() ->
                    // a candidate model@variant is charged as its model
                    costs.merge(request == null ? r.model() : request.modelOf(r.model()), r.costMicros(), Long::sum);
                case JudgeVerdictRecorded v
                when !gateway.simulated(v.judgeModel()) -> costs.merge(v.judgeModel(), v.costMicros(), Long::sum);
                default -> {}
            }
        }
        if (request == null
                || request.billing() != Billing.CREDITS
                || request.reservedCredits() == null
                || request.reservedCredits() == 0) return;
        var byModel = new ArrayList<ModelCost>();
        costs.forEach((model, micros) -> byModel.add(new ModelCost(model, micros)));
        commands.sendAndWait(new ChargeRun(request.billedAccount(), runId, List.copyOf(byModel), request.pricing()));
    }
}

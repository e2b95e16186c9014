package io.benchmarkhub.command.benchmark;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.commands.ClearContamination;
import io.benchmarkhub.domain.benchmark.commands.DismissContamination;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * A member of the {@link Benchmark} aggregate: each model's contamination flag on the benchmark, a state machine of
 * its own (open, cleared by the policy, dismissed by an admin). Its events leave the benchmark's version alone.
 */
final class ContaminationFlags {

    /** Where a model's contamination flag on this benchmark stands. */
    private enum FlagState {
        OPEN,
        CLEARED,
        DISMISSED
    }

    private final Benchmark benchmark;
    private final Map<String, FlagState> flags = new HashMap<>();

    ContaminationFlags(Benchmark benchmark) {
        this.benchmark = benchmark;
    }

    @CommandHandler
    public boolean handle(FlagContamination cmd) {
        FlagState state = flags.get(cmd.model());
        if (state == FlagState.OPEN || state == FlagState.DISMISSED) return false;
        apply(new ContaminationSuspected(
                benchmark.id(),
                benchmark.version(),
                cmd.model(),
                cmd.observed(),
                cmd.expected(),
                cmd.sigma(),
                cmd.zScore(),
                cmd.nCases(),
                cmd.nBenchmarksForModel(),
                cmd.nModelsForBenchmark()));
        return true;
    }

    /** Withdraws the model's open flag on the policy's finding; anything else (no flag, withdrawn already) appends nothing. */
    @CommandHandler
    public boolean handle(ClearContamination cmd) {
        if (flags.get(cmd.model()) != FlagState.OPEN) return false;
        apply(new ContaminationCleared(
                benchmark.id(),
                benchmark.version(),
                cmd.model(),
                cmd.observed(),
                cmd.expected(),
                cmd.sigma(),
                cmd.zScore(),
                cmd.nCases(),
                cmd.nBenchmarksForModel(),
                cmd.nModelsForBenchmark()));
        return true;
    }

    /** An admin withdraws an open flag; dismissing a dismissed flag again appends nothing. Returns whether it did now. */
    @CommandHandler
    public boolean handle(DismissContamination cmd) {
        benchmark.assertCanRead(cmd.actor());
        if (!cmd.actor().admin())
            throw new BenchmarkException.NotPermitted("only an admin may dismiss a contamination flag");
        var problems = BenchmarkRules.reason(cmd.reason());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        FlagState state = flags.get(cmd.model());
        if (state == FlagState.DISMISSED) return false;
        if (state != FlagState.OPEN) {
            throw new BenchmarkException.StateConflict(
                    "benchmark " + benchmark.id() + " has no open contamination flag for model " + cmd.model());
        }
        apply(new ContaminationDismissed(
                benchmark.id(),
                cmd.actor().userId(),
                benchmark.version(),
                cmd.model(),
                cmd.reason().strip()));
        return true;
    }

    /** Not an edit: the version (what runs pin and If-Match compares) stays, so no owner's edit is refused because of it. */
    @EventSourcingHandler
    void on(ContaminationSuspected e) {
        flags.put(e.model(), FlagState.OPEN);
    }

    @EventSourcingHandler
    void on(ContaminationCleared e) {
        flags.put(e.model(), FlagState.CLEARED);
    }

    @EventSourcingHandler
    void on(ContaminationDismissed e) {
        flags.put(e.model(), FlagState.DISMISSED);
    }
}

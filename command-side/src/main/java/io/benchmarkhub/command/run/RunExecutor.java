package io.benchmarkhub.command.run;

import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.command.run.store.RunLeases;
import io.benchmarkhub.command.run.store.RunLifecycle;
import io.benchmarkhub.domain.run.RunId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the runs this node holds a lease on. A run requested here starts at once; every
 * {@code scanInterval} each node also looks in the event store for runs that have not ended and that
 * no live node holds (its executor crashed, or its node was stopped) and resumes them. A heartbeat
 * renews the leases and stops executions whose run has ended elsewhere (cancelled, timed out) or whose
 * lease this node lost. On shutdown executions stop without recording more and release their leases.
 * A BYOK run found without its key (it lived in the memory of a node that stopped) is suspended until its requester
 * resumes it here with the key ({@link #resume}).
 */
@Component
public class RunExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final RunExecution.Context context;
    private final RunLeases leases;
    private final RunLifecycle lifecycle;
    private final RunsProperties properties;
    private final Map<String, RunExecution> active = new ConcurrentHashMap<>();
    /** BYOK keys of runs started here, for the run only; never written anywhere. */
    private final Map<String, String> providerKeys = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService scheduler;

    public RunExecutor(
            EventStore eventStore,
            CommandGateway commands,
            ProviderGateway gateway,
            BenchmarkReader benchmarks,
            RunLeases leases,
            RunLifecycle lifecycle,
            RunsProperties properties) {
        this.context = new RunExecution.Context(eventStore, commands, gateway, benchmarks, properties);
        this.lifecycle = lifecycle;
        this.properties = properties;
        this.leases = leases;
    }

    /** Starts a run requested on this node; {@code providerKey} is its BYOK key or null. */
    public void submit(RunId runId, String providerKey) {
        if (providerKey != null) providerKeys.put(runId.value(), providerKey);
        startIfClaimed(runId.value());
    }

    /**
     * Resumes a suspended BYOK run here with its key, sent again. This node takes the run's lease before
     * {@code recordResume} records the resumption, so that no other node's scan takes the resumed run up without the
     * key (and suspends it again); if the aggregate refuses (not the requester: 404; not suspended: 409), the lease and
     * the key are let go. A lease still held elsewhere (a node that died a moment ago) is retried by this node's scan.
     */
    public void resume(RunId runId, String providerKey, Runnable recordResume) {
        String id = runId.value();
        if (active.containsKey(id)) { // executing here, so not suspended: the aggregate gives the answer
            recordResume.run();
            return;
        }
        boolean claimed = scheduler != null && leases.claim(id);
        providerKeys.put(id, providerKey);
        try {
            recordResume.run();
        } catch (RuntimeException refused) {
            providerKeys.remove(id);
            if (claimed && !active.containsKey(id)) leases.release(id);
            throw refused;
        }
        startIfClaimed(id);
    }

    /** Stops this node's execution of a run at once (its end is recorded by whoever ended it). */
    public void stopLocally(RunId runId) {
        RunExecution execution = active.get(runId.value());
        if (execution != null) execution.stop();
    }

    /** Runs this node is executing now. */
    public List<String> activeRuns() {
        return List.copyOf(active.keySet());
    }

    private void startIfClaimed(String runId) {
        if (scheduler == null || active.containsKey(runId) || !leases.claim(runId)) return;
        var execution = new RunExecution(new RunId(runId), providerKeys.get(runId), context, () -> finished(runId));
        if (active.putIfAbsent(runId, execution) != null) return;
        log.info("Executing run {} on {}", runId, leases.nodeId());
        Thread.ofVirtual().name("run-" + runId).start(execution);
    }

    private void finished(String runId) {
        active.remove(runId);
        providerKeys.remove(runId);
        try {
            leases.release(runId);
        } catch (RuntimeException e) {
            log.debug("Could not release the lease on run {}; it expires by itself", runId, e);
        }
    }

    /** Resumes unfinished runs that nobody executes. */
    void scan() {
        try {
            for (String runId : lifecycle.unfinishedAndUnheld()) {
                if (!active.containsKey(runId)) startIfClaimed(runId);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for unfinished runs", e);
        }
    }

    private void heartbeat() {
        try {
            List<String> mine = List.copyOf(active.keySet());
            if (mine.isEmpty()) return;
            var held = leases.renew(mine);
            var ended = lifecycle.ended(mine);
            for (String runId : mine) {
                if (!held.contains(runId) || ended.contains(runId)) {
                    RunExecution execution = active.get(runId);
                    if (execution != null) execution.stop();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Run heartbeat failed", e);
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "run-executor-scheduler");
            t.setDaemon(true);
            return t;
        });
        long scanMs = properties.scanInterval().toMillis();
        long beatMs = properties.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scan, 0, scanMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, beatMs, beatMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s != null) s.shutdownNow();
        active.values().forEach(RunExecution::stop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Stops first and starts last among the lifecycle beans, so the command bus and database outlive it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}

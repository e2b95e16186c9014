package io.benchmarkhub.command.run;

import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.run.commands.RecordRunResults;
import io.benchmarkhub.domain.run.events.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a run's results in batches: one thread takes whatever the trial threads have queued (up to
 * the batch size) and sends it as one {@link RecordRunResults} — one unit of work, many events. While a
 * batch is being stored the next one fills, so batches grow with the load. A batch refused because the
 * run has ended stops the execution; a batch that cannot be stored after retries stops it too (another
 * start resumes the run from what was stored). The tally learns of results only once they are stored.
 */
final class ResultRecorder {

    private static final Logger log = LoggerFactory.getLogger(ResultRecorder.class);
    private static final int ATTEMPTS = 5;

    private final RunId runId;
    private final CommandGateway commands;
    private final RunTally tally;
    private final int batchSize;
    private final Runnable stopExecution;
    private final LinkedBlockingQueue<RunEvent.TrialResult> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean broken;
    private long recorded;
    private long batches;

    ResultRecorder(RunId runId, CommandGateway commands, RunTally tally, int batchSize, Runnable stopExecution) {
        this.runId = runId;
        this.commands = commands;
        this.tally = tally;
        this.batchSize = batchSize;
        this.stopExecution = stopExecution;
        this.thread = Thread.ofVirtual().name("run-recorder-" + runId).start(this::loop);
    }

    void add(RunEvent.TrialResult result) {
        if (!broken) queue.add(result);
    }

    /** Waits until everything queued is stored (or the recorder gave up); true when all of it was stored. */
    boolean close() throws InterruptedException {
        closing = true;
        thread.join();
        return !broken;
    }

    long recorded() {
        return recorded;
    }

    long batches() {
        return batches;
    }

    private void loop() {
        var batch = new ArrayList<RunEvent.TrialResult>(batchSize);
        try {
            while (!broken && !(closing && queue.isEmpty())) {
                RunEvent.TrialResult first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                store(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            broken = true;
        }
    }

    private void store(List<RunEvent.TrialResult> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                int applied = commands.sendAndWait(new RecordRunResults(runId, batch));
                batch.forEach(tally::record);
                recorded += applied;
                batches++;
                return;
            } catch (RunException.StateConflict ended) {
                log.info("Run {} ended elsewhere ({}); its executor stops", runId, ended.status());
                giveUp();
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    log.warn(
                            "Run {}: could not record {} results after {} attempts; stopping, a later start resumes it",
                            runId,
                            batch.size(),
                            attempt,
                            e);
                    giveUp();
                    return;
                }
                Thread.sleep(100L << attempt);
            }
        }
    }

    private void giveUp() {
        broken = true;
        queue.clear();
        stopExecution.run();
    }
}

package io.benchmarkhub.api.leaderboard;

import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.integrity.ContaminationDetector;
import io.benchmarkhub.domain.integrity.ContaminationDetector.Flag;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection.ScoresChanged;
import io.benchmarkhub.query.leaderboard.LeaderboardQueries;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The policy that turns the detector's findings into {@code ContaminationSuspected} events. Whenever this node's
 * leaderboards projection has stored a completed run's scores, it reruns the detector over every public benchmark
 * (on one background thread; changes that arrive while it runs cause one more pass, not one each) and sends
 * {@link FlagContamination} for each pair not flagged yet. The benchmark aggregate raises a flag once per model, so
 * a finding repeated by a later pass, by another node or after a replay of the projection appends nothing.
 */
@Component
public class ContaminationPolicy {

    private static final Logger log = LoggerFactory.getLogger(ContaminationPolicy.class);

    private final LeaderboardQueries leaderboards;
    private final CommandGateway commands;
    private final ContaminationProperties properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("contamination-policy").factory());
    private final AtomicBoolean pending = new AtomicBoolean();

    public ContaminationPolicy(LeaderboardQueries leaderboards, CommandGateway commands, ContaminationProperties properties) {
        this.leaderboards = leaderboards;
        this.commands = commands;
        this.properties = properties;
    }

    @EventListener
    void on(ScoresChanged changed) {
        if (!properties.enabled() || !pending.compareAndSet(false, true)) return;
        worker.execute(() -> {
            pending.set(false);
            try {
                recompute();
            } catch (RuntimeException e) {
                log.warn("contamination detection failed; the next completed run tries again", e);
            }
        });
    }

    /** Runs the detector and raises every new flag; returns how many commands it sent. */
    public int recompute() {
        long started = System.nanoTime();
        List<BenchmarkScore> scores = leaderboards.publicScores(null, null);
        long read = System.nanoTime();
        List<Flag> flags = ContaminationDetector.detect(scores, properties.evidence());
        long detected = System.nanoTime();
        Map<String, List<String>> raised = leaderboards.flaggedPairs();
        int sent = 0;
        for (Flag f : flags) {
            if (raised.getOrDefault(f.benchmarkId(), List.of()).contains(f.model())) continue;
            commands.sendAndWait(new FlagContamination(new BenchmarkId(f.benchmarkId()), f.model(), f.observed(), f.expected(),
                    f.sigma(), f.zScore(), f.cases(), f.benchmarksForModel(), f.modelsForBenchmark()));
            sent++;
        }
        // the one place the recompute time shows (bench/leaderboards.sh reads it from the log)
        log.info("contamination detector: {} scores, {} flags ({} not in the read model yet, sent) in {} ms "
                        + "(reading the scores {} ms, detecting {} ms)", scores.size(), flags.size(), sent,
                (System.nanoTime() - started) / 1_000_000, (read - started) / 1_000_000, (detected - read) / 1_000_000);
        return sent;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}

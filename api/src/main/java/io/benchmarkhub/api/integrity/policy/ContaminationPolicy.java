package io.benchmarkhub.api.integrity.policy;

import io.benchmarkhub.api.integrity.ContaminationProperties;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.ClearContamination;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.integrity.ContaminationDetector;
import io.benchmarkhub.domain.integrity.ContaminationDetector.Evidence;
import io.benchmarkhub.domain.integrity.ContaminationDetector.Flag;
import io.benchmarkhub.domain.leaderboard.BenchmarkScore;
import io.benchmarkhub.projections.leaderboard.LeaderboardProjection.ScoresChanged;
import io.benchmarkhub.query.leaderboard.ContaminationQueries;
import io.benchmarkhub.query.leaderboard.LeaderboardQueries;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.FlagStatus;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The policy that turns the detector's findings into {@code ContaminationSuspected} and {@code ContaminationCleared}
 * events. Whenever this node's leaderboards projection has stored a completed run's scores (live, not in a replay), it
 * reruns the detector over every public benchmark (on one background thread; changes that arrive while it runs cause
 * one more pass, not one each) and sends {@link FlagContamination} for each pair above the threshold without an open
 * or dismissed flag, and {@link ClearContamination} for each open flag whose pair is now at or below the clearing
 * threshold. The benchmark aggregate decides: it raises a flag once and withdraws it once, so a finding repeated by a
 * later pass or by another node appends nothing.
 */
@Component
public class ContaminationPolicy {

    private static final Logger log = LoggerFactory.getLogger(ContaminationPolicy.class);

    private final LeaderboardQueries leaderboards;
    private final ContaminationQueries flags;
    private final CommandGateway commands;
    private final ContaminationProperties properties;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("contamination-policy").factory());
    private final AtomicBoolean pending = new AtomicBoolean();

    public ContaminationPolicy(
            LeaderboardQueries leaderboards,
            ContaminationQueries flags,
            CommandGateway commands,
            ContaminationProperties properties) {
        this.leaderboards = leaderboards;
        this.flags = flags;
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

    /** What one pass sent: new flags and withdrawn ones. */
    public record Pass(int raised, int cleared) {}

    /** Runs the detector, raises every new flag and clears every open flag back under the clearing threshold. */
    public Pass recompute() {
        long started = System.nanoTime();
        List<BenchmarkScore> scores = leaderboards.publicScores(null, null);
        long read = System.nanoTime();
        List<Flag> pairs = ContaminationDetector.analyse(scores);
        long detected = System.nanoTime();
        Evidence evidence = properties.evidence();
        Map<String, Map<String, FlagStatus>> states = flags.states();
        int raised = 0;
        int cleared = 0;
        for (Flag pair : pairs) {
            FlagStatus state = states.getOrDefault(pair.benchmarkId(), Map.of()).get(pair.model());
            if (state == FlagStatus.OPEN && evidence.clears(pair)) {
                Object done = commands.sendAndWait(new ClearContamination(
                        new BenchmarkId(pair.benchmarkId()),
                        pair.model(),
                        pair.observed(),
                        pair.expected(),
                        pair.sigma(),
                        pair.zScore(),
                        pair.cases(),
                        pair.benchmarksForModel(),
                        pair.modelsForBenchmark()));
                if (Boolean.TRUE.equals(done)) cleared++;
            } else if ((state == null || state == FlagStatus.CLEARED) && evidence.raises(pair)) {
                Object done = commands.sendAndWait(new FlagContamination(
                        new BenchmarkId(pair.benchmarkId()),
                        pair.model(),
                        pair.observed(),
                        pair.expected(),
                        pair.sigma(),
                        pair.zScore(),
                        pair.cases(),
                        pair.benchmarksForModel(),
                        pair.modelsForBenchmark()));
                if (Boolean.TRUE.equals(done)) raised++;
            }
        }
        // the one place the recompute time shows (bench/leaderboards.sh reads it from the log)
        log.info(
                "contamination detector: {} scores, {} pairs analysed, {} flags raised, {} cleared in {} ms "
                        + "(reading the scores {} ms, detecting {} ms)",
                scores.size(),
                pairs.size(),
                raised,
                cleared,
                (System.nanoTime() - started) / 1_000_000,
                (read - started) / 1_000_000,
                (detected - read) / 1_000_000);
        return new Pass(raised, cleared);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}

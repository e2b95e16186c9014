package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory;
import io.benchmarkhub.domain.benchmark.BenchmarkHistory.Snapshot;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.ContaminationFlag;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.FlagStatus;
import io.benchmarkhub.query.leaderboard.LeaderboardViews.Withdrawal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A benchmark as it was at an instant, rebuilt from its events stored up to then (their store timestamps). Who may
 * see it is decided by the benchmark's current owner and visibility, as for every other read.
 */
@Component
public class BenchmarkTimeTravel {

    /**
     * The state at {@code asOf}: the version reached by then, and when it was reached ({@code versionAt}); the
     * contamination flags as they stood then (raised by then, withdrawn only if withdrawn by then).
     */
    public record BenchmarkAsOf(
            String id,
            Instant asOf,
            long version,
            Instant versionAt,
            String title,
            String description,
            List<String> tags,
            String category,
            Visibility visibility,
            String ownerId,
            String contentHash,
            String promptTemplate,
            List<TestCase> cases,
            long caseCount,
            String casesNextCursor,
            List<Grader> graders,
            List<DecisionCriterion> decisionCriteria,
            long currentVersion,
            List<ContaminationFlag> contaminationFlags,
            List<PromptVariant> promptVariants) {

        /** The same state with only one page of its cases. */
        BenchmarkAsOf withCases(List<TestCase> page, String nextCursor) {
            return new BenchmarkAsOf(
                    id,
                    asOf,
                    version,
                    versionAt,
                    title,
                    description,
                    tags,
                    category,
                    visibility,
                    ownerId,
                    contentHash,
                    promptTemplate,
                    List.copyOf(page),
                    caseCount,
                    nextCursor,
                    graders,
                    decisionCriteria,
                    currentVersion,
                    contaminationFlags,
                    promptVariants);
        }
    }

    private final EventStore eventStore;

    public BenchmarkTimeTravel(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Empty when the benchmark did not exist at {@code asOf} or {@code viewer} (null = anonymous) may not see it now. */
    public Optional<BenchmarkAsOf> asOf(String id, Instant asOf, CurrentUser viewer) {
        var flags = new FlagsAsOf(asOf);
        return fold(id, BenchmarkHistory.asOf(asOf), flags)
                .filter(s -> visibleTo(s, viewer))
                .map(s -> new BenchmarkAsOf(
                        s.id().value(),
                        asOf,
                        s.version(),
                        s.changedAt(),
                        s.title(),
                        s.description(),
                        s.tags(),
                        s.category(),
                        s.visibility(),
                        s.ownerId().value(),
                        s.contentHash(),
                        s.promptTemplate(),
                        s.cases(),
                        s.cases().size(),
                        null,
                        s.graders(),
                        s.decisionCriteria(),
                        s.currentVersion(),
                        flags.flags(),
                        variantsOrNull(s)));
    }

    /**
     * The state at {@code asOf} for a benchmark the caller has already found visible now, at {@code currentVersion} (the
     * read model's): reads its events only up to the first version stored after {@code asOf}, so the work grows with
     * the history up to that instant, not with everything that came later.
     */
    public Optional<BenchmarkAsOf> asOfUpTo(String id, Instant asOf, long currentVersion) {
        var flags = new FlagsAsOf(asOf);
        var history = BenchmarkHistory.asOf(asOf);
        DomainEventStream events = eventStore.readEvents(id);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (!(event.getPayload() instanceof BenchmarkEvent benchmarkEvent)) continue;
            history.apply(benchmarkEvent, event.getTimestamp());
            flags.apply(benchmarkEvent, event.getTimestamp());
            if (history.settled() && event.getTimestamp().isAfter(asOf)) break;
        }
        return history.snapshot()
                .map(s -> new BenchmarkAsOf(
                        s.id().value(),
                        asOf,
                        s.version(),
                        s.changedAt(),
                        s.title(),
                        s.description(),
                        s.tags(),
                        s.category(),
                        s.visibility(),
                        s.ownerId().value(),
                        s.contentHash(),
                        s.promptTemplate(),
                        s.cases(),
                        s.cases().size(),
                        null,
                        s.graders(),
                        s.decisionCriteria(),
                        Math.max(currentVersion, s.version()),
                        flags.flags(),
                        variantsOrNull(s)));
    }

    private static List<PromptVariant> variantsOrNull(Snapshot s) {
        return s.promptVariants() == null || s.promptVariants().isEmpty() ? null : s.promptVariants();
    }

    /** The benchmark as it is now, straight from its events; empty for an id that is no benchmark. */
    public Optional<Snapshot> current(String id) {
        return fold(id, new BenchmarkHistory(Long.MAX_VALUE), null);
    }

    /** Public, or private and {@code viewer}'s own or of a workspace they are a member of (null: anonymous). */
    public static boolean visibleTo(Snapshot benchmark, CurrentUser viewer) {
        return benchmark.currentVisibility() == Visibility.PUBLIC
                || viewer != null && viewer.actor().seesPrivate(benchmark.ownerId(), benchmark.workspaceId());
    }

    private Optional<Snapshot> fold(String id, BenchmarkHistory history, FlagsAsOf flags) {
        DomainEventStream events = eventStore.readEvents(id);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getPayload() instanceof BenchmarkEvent benchmarkEvent) {
                history.apply(benchmarkEvent, event.getTimestamp());
                if (flags != null) flags.apply(benchmarkEvent, event.getTimestamp());
            }
        }
        return history.snapshot();
    }

    /**
     * The contamination flags as the leaderboards read model showed them at an instant: per model the latest flag
     * raised by then, withdrawn if it was withdrawn by then; open ones first, then by z.
     */
    private static final class FlagsAsOf {
        private final Instant asOf;
        private final Map<String, ContaminationFlag> byModel = new LinkedHashMap<>();

        FlagsAsOf(Instant asOf) {
            this.asOf = asOf;
        }

        void apply(BenchmarkEvent event, Instant at) {
            if (at.isAfter(asOf)) return;
            switch (event) {
                case ContaminationSuspected s ->
                    byModel.put(
                            s.model(),
                            new ContaminationFlag(
                                    s.benchmarkId().value(),
                                    s.model(),
                                    FlagStatus.OPEN,
                                    s.observed(),
                                    s.expected(),
                                    s.sigma(),
                                    s.zScore(),
                                    s.nCases(),
                                    s.nBenchmarksForModel(),
                                    s.nModelsForBenchmark(),
                                    s.version(),
                                    at,
                                    null));
                case ContaminationCleared c ->
                    byModel.computeIfPresent(
                            c.model(),
                            (model, f) -> withdrawn(
                                    f,
                                    FlagStatus.CLEARED,
                                    new Withdrawal(
                                            at,
                                            null,
                                            null,
                                            c.observed(),
                                            c.expected(),
                                            c.sigma(),
                                            c.zScore(),
                                            c.nCases(),
                                            c.nBenchmarksForModel(),
                                            c.nModelsForBenchmark())));
                case ContaminationDismissed d ->
                    byModel.computeIfPresent(
                            d.model(),
                            (model, f) -> withdrawn(
                                    f,
                                    FlagStatus.DISMISSED,
                                    new Withdrawal(
                                            at,
                                            d.actorId().value(),
                                            d.reason(),
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null)));
                default -> {}
            }
        }

        List<ContaminationFlag> flags() {
            return byModel.values().stream()
                    .sorted(Comparator.comparing((ContaminationFlag f) -> !f.open())
                            .thenComparing(Comparator.comparingDouble(ContaminationFlag::zScore)
                                    .reversed())
                            .thenComparing(ContaminationFlag::model))
                    .toList();
        }

        private static ContaminationFlag withdrawn(ContaminationFlag f, FlagStatus status, Withdrawal withdrawal) {
            return new ContaminationFlag(
                    f.benchmarkId(),
                    f.model(),
                    status,
                    f.observed(),
                    f.expected(),
                    f.sigma(),
                    f.zScore(),
                    f.nCases(),
                    f.nBenchmarksForModel(),
                    f.nModelsForBenchmark(),
                    f.benchmarkVersion(),
                    f.raisedAt(),
                    withdrawal);
        }
    }
}

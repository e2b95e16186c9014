package io.benchmarkhub.domain.benchmark;

import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds a benchmark's events into its content as of one version, plus who owns it and whether it is
 * public <em>now</em> (access is decided by the current state, never by an old one). A run reads the
 * version it pins this way, from the events alone.
 */
public final class BenchmarkHistory {

    /** A benchmark's content at {@code version}, with its current owner, visibility and version. */
    public record Snapshot(BenchmarkId id, UserId ownerId, Visibility currentVisibility, long currentVersion,
                           long version, String contentHash, String promptTemplate, List<TestCase> cases,
                           List<Grader> graders, List<DecisionCriterion> decisionCriteria) {
    }

    private final long wantedVersion;
    private BenchmarkId id;
    private UserId ownerId;
    private Visibility visibility;
    private long version;
    private String contentHash;
    private String promptTemplate;
    private final Map<String, TestCase> cases = new LinkedHashMap<>();
    private List<Grader> graders = List.of();
    private List<DecisionCriterion> decisionCriteria = List.of();
    private Snapshot captured;

    /** @param wantedVersion the version whose content is wanted; {@link Long#MAX_VALUE} for the latest */
    public BenchmarkHistory(long wantedVersion) {
        this.wantedVersion = wantedVersion;
    }

    /** Applies the next event; events must come in stored order. */
    public void apply(BenchmarkEvent event) {
        if (captured == null && id != null && event.version() > wantedVersion && version == wantedVersion) captured = content();
        switch (event) {
            case BenchmarkCreated e -> {
                id = e.benchmarkId();
                ownerId = e.ownerId();
                visibility = e.visibility();
                promptTemplate = e.promptTemplate();
                e.cases().forEach(c -> cases.put(c.id(), c));
                graders = e.graders();
                decisionCriteria = e.decisionCriteria();
                contentHash = e.contentHash();
            }
            case BenchmarkForked e -> {
                id = e.benchmarkId();
                ownerId = e.ownerId();
                visibility = e.visibility();
                promptTemplate = e.promptTemplate();
                e.cases().forEach(c -> cases.put(c.id(), c));
                graders = e.graders();
                decisionCriteria = e.decisionCriteria();
                contentHash = e.contentHash();
            }
            case BenchmarkDetailsChanged e -> {
            }
            case PromptTemplateChanged e -> {
                promptTemplate = e.promptTemplate();
                contentHash = e.contentHash();
            }
            case TestCaseAdded e -> {
                cases.put(e.testCase().id(), e.testCase());
                contentHash = e.contentHash();
            }
            case TestCaseRevised e -> {
                cases.put(e.testCase().id(), e.testCase());
                contentHash = e.contentHash();
            }
            case TestCaseRemoved e -> {
                cases.remove(e.caseId());
                contentHash = e.contentHash();
            }
            case GradingChanged e -> {
                graders = e.graders();
                contentHash = e.contentHash();
            }
            case DecisionCriteriaChanged e -> decisionCriteria = e.decisionCriteria();
            case BenchmarkPublished e -> visibility = Visibility.PUBLIC;
            case BenchmarkUnpublished e -> visibility = Visibility.PRIVATE;
            case ContaminationSuspected e -> {
                // an integrity note: no content, no version
            }
        }
        version = event.version();
    }

    /** The wanted version's content; empty when there were no events or the benchmark never reached that version. */
    public Optional<Snapshot> snapshot() {
        if (id == null) return Optional.empty();
        Snapshot content = captured != null ? captured
                : (wantedVersion == Long.MAX_VALUE || version == wantedVersion) ? content() : null;
        if (content == null) return Optional.empty();
        return Optional.of(new Snapshot(id, ownerId, visibility, version, content.version(), content.contentHash(),
                content.promptTemplate(), content.cases(), content.graders(), content.decisionCriteria()));
    }

    private Snapshot content() {
        return new Snapshot(id, ownerId, visibility, version, version, contentHash, promptTemplate,
                List.copyOf(cases.values()), graders, decisionCriteria);
    }
}

package io.benchmarkhub.domain.benchmark;

import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkStarted;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerificationRevoked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerified;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.PromptVariantsChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.benchmark.events.VerificationRequested;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Folds a benchmark's events into its state as of one version or one instant, plus who owns it and whether it
 * is public <em>now</em> (access is decided by the current state, never by an old one). A run reads the version
 * it pins this way, from the events alone; {@code GET /api/benchmarks/{id}?asOf=} reads an instant.
 */
public final class BenchmarkHistory {

    /**
     * A benchmark's state at {@code version}, with its current owner, visibility and version. {@code visibility} and the
     * details (title, description, tags, category) are those of {@code version}; {@code changedAt} is when it was reached
     * (null when events were applied without their time).
     */
    public record Snapshot(
            BenchmarkId id,
            UserId ownerId,
            Visibility currentVisibility,
            long currentVersion,
            long version,
            String contentHash,
            String promptTemplate,
            List<TestCase> cases,
            List<Grader> graders,
            List<DecisionCriterion> decisionCriteria,
            String title,
            String description,
            List<String> tags,
            String category,
            Visibility visibility,
            Instant changedAt,
            List<PromptVariant> promptVariants,
            String workspaceId) {

        /** The template a run sends for {@code variant}; null names the default (the one {@code promptTemplate}). */
        public String templateOf(String variant) {
            if (variant == null) return promptTemplate;
            PromptVariant named = PromptVariant.named(promptVariants, variant);
            return named == null ? null : named.template();
        }
    }

    private final long wantedVersion;
    private final Instant wantedInstant;
    private boolean bornAfterWantedInstant;
    private BenchmarkId id;
    private UserId ownerId;
    private String workspaceId;
    private Visibility visibility;
    private String title;
    private String description;
    private List<String> tags = List.of();
    private String category;
    private Instant changedAt;
    private long version;
    private String contentHash;
    private String promptTemplate;
    private List<PromptVariant> promptVariants = List.of();
    private final Map<String, TestCase> cases = new LinkedHashMap<>();
    private List<Grader> graders = List.of();
    private List<DecisionCriterion> decisionCriteria = List.of();
    private Snapshot captured;

    /** @param wantedVersion the version whose content is wanted; {@link Long#MAX_VALUE} for the latest */
    public BenchmarkHistory(long wantedVersion) {
        this(wantedVersion, null);
    }

    private BenchmarkHistory(long wantedVersion, Instant wantedInstant) {
        this.wantedVersion = wantedVersion;
        this.wantedInstant = wantedInstant;
    }

    /**
     * The state as of {@code instant}: the versions whose first event was stored at or before it (all of a version's
     * events, which one command appends together); feed events with {@link #apply(BenchmarkEvent, Instant)}.
     */
    public static BenchmarkHistory asOf(Instant instant) {
        return new BenchmarkHistory(Long.MAX_VALUE, Objects.requireNonNull(instant));
    }

    /** Applies the next event; events must come in stored order. */
    public void apply(BenchmarkEvent event) {
        apply(event, null);
    }

    /** Applies the next event, stored at {@code storedAt}; events must come in stored order. */
    public void apply(BenchmarkEvent event, Instant storedAt) {
        if (captured == null && !bornAfterWantedInstant) {
            // a version is committed at once: the instant cuts between versions, never inside one
            boolean pastInstant = wantedInstant != null
                    && storedAt != null
                    && storedAt.isAfter(wantedInstant)
                    && event.version() != version;
            if (pastInstant && id == null) bornAfterWantedInstant = true;
            else if (id != null && (pastInstant || event.version() > wantedVersion && version == wantedVersion))
                captured = content();
        }
        if (event.version() != version) changedAt = storedAt;
        switch (event) {
            case BenchmarkStarted e -> {
                id = e.benchmarkId();
                ownerId = e.ownerId();
                workspaceId = e instanceof BenchmarkCreated created ? created.workspaceId() : null;
                visibility = e.visibility();
                details(e.title(), e.description(), e.tags(), e.category());
                promptTemplate = e.promptTemplate();
                e.cases().forEach(c -> cases.put(c.id(), c));
                graders = e.graders();
                decisionCriteria = e.decisionCriteria();
                contentHash = e.contentHash();
            }
            case BenchmarkDetailsChanged e -> details(e.title(), e.description(), e.tags(), e.category());
            case PromptTemplateChanged e -> {
                promptTemplate = e.promptTemplate();
                contentHash = e.contentHash();
            }
            case PromptVariantsChanged e -> {
                promptTemplate = e.promptTemplateAfter(promptTemplate);
                promptVariants = e.variants() == null ? List.of() : List.copyOf(e.variants());
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
            case ContaminationCleared e -> {
                // an integrity note: no content, no version
            }
            case ContaminationDismissed e -> {
                // an integrity note: no content, no version
            }
            case VerificationRequested e -> {
                // the badge is no content and makes no version
            }
            case BenchmarkVerified e -> {
                // the badge is no content and makes no version
            }
            case BenchmarkVerificationRevoked e -> {
                // the badge is no content and makes no version
            }
        }
        version = event.version();
    }

    /**
     * True once later events can no longer change {@link #snapshot()}'s content: the wanted version or instant has been
     * passed (or the benchmark was born after the instant). Only the "current" fields would still move.
     */
    public boolean settled() {
        return bornAfterWantedInstant || captured != null;
    }

    /**
     * The wanted version's (or instant's) state; empty when there were no events, the benchmark never reached that
     * version, or it did not exist yet at that instant.
     */
    public Optional<Snapshot> snapshot() {
        if (id == null || bornAfterWantedInstant) return Optional.empty();
        Snapshot content = captured != null
                ? captured
                : (wantedVersion == Long.MAX_VALUE || version == wantedVersion) ? content() : null;
        if (content == null) return Optional.empty();
        return Optional.of(new Snapshot(
                id,
                ownerId,
                visibility,
                version,
                content.version(),
                content.contentHash(),
                content.promptTemplate(),
                content.cases(),
                content.graders(),
                content.decisionCriteria(),
                content.title(),
                content.description(),
                content.tags(),
                content.category(),
                content.visibility(),
                content.changedAt(),
                content.promptVariants(),
                workspaceId));
    }

    private void details(String title, String description, List<String> tags, String category) {
        this.title = title;
        this.description = description;
        this.tags = tags == null ? List.of() : List.copyOf(tags);
        this.category = category;
    }

    private Snapshot content() {
        return new Snapshot(
                id,
                ownerId,
                visibility,
                version,
                version,
                contentHash,
                promptTemplate,
                List.copyOf(cases.values()),
                graders,
                decisionCriteria,
                title,
                description,
                tags,
                category,
                visibility,
                changedAt,
                promptVariants,
                workspaceId);
    }
}

package io.benchmarkhub.domain.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchmarkhub.domain.benchmark.events.BenchmarkCreated;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkEvent;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkPublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.GradingChanged;
import io.benchmarkhub.domain.benchmark.events.PromptTemplateChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.benchmark.events.TestCaseRevised;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A benchmark's history folded to one version. The events are written by hand; content hashes are
 * labels ("sha256:v2") because the history carries them, it does not compute them.
 */
class BenchmarkHistoryTest {

    private static final BenchmarkId ID = new BenchmarkId("bm_source");
    private static final BenchmarkId FORK_ID = new BenchmarkId("bm_fork");
    private static final UserId OWNER = new UserId("usr_owner");
    private static final UserId FORKER = new UserId("usr_forker");

    private static final Grader EXACT = new Grader.Exact(null, true);
    private static final Grader CONTAINS = new Grader.Contains("Paris", false);
    private static final DecisionCriterion PASS_RATE_90 = new DecisionCriterion(
            DecisionCriterion.Metric.PASS_RATE,
            DecisionCriterion.Comparison.AT_LEAST,
            0.9,
            DecisionCriterion.Severity.MUST);

    private static final TestCase C1 = testCase("c1", "Capital of France?", "Paris");
    private static final TestCase C1_REVISED = testCase("c1", "Capital of France, in one word?", "Paris");
    private static final TestCase C2 = testCase("c2", "Capital of Italy?", "Rome");
    private static final TestCase C3 = testCase("c3", "Capital of Spain?", "Madrid");

    /**
     * v1 created (private, c1, exact) · v2 added c2 and c3 (one command, two events) · v3 published ·
     * v4 revised c1 · v5 removed c2 · v6 new template · v7 graders exact + contains · v8 decision
     * criteria · v9 details · v10 unpublished.
     */
    private static final List<BenchmarkEvent> HISTORY = List.of(
            new BenchmarkCreated(
                    ID,
                    OWNER,
                    "ws_main",
                    "Capitals",
                    "Knows capitals?",
                    List.of("geo"),
                    "knowledge",
                    Visibility.PRIVATE,
                    "Q: {{input}}",
                    List.of(C1),
                    List.of(EXACT),
                    List.of(),
                    1,
                    "sha256:v1"),
            new TestCaseAdded(ID, OWNER, 2, C2, "sha256:v2"),
            new TestCaseAdded(ID, OWNER, 2, C3, "sha256:v2"),
            new BenchmarkPublished(ID, OWNER, 3),
            new TestCaseRevised(ID, OWNER, 4, C1_REVISED, "sha256:v4"),
            new TestCaseRemoved(ID, OWNER, 5, "c2", "sha256:v5"),
            new PromptTemplateChanged(ID, OWNER, 6, "Answer in one word: {{input}}", "sha256:v6"),
            new GradingChanged(ID, OWNER, 7, List.of(EXACT, CONTAINS), "sha256:v7"),
            new DecisionCriteriaChanged(ID, OWNER, 8, List.of(PASS_RATE_90)),
            new BenchmarkDetailsChanged(
                    ID, OWNER, 9, "Capitals of Europe", "Knows capitals?", List.of("geo"), "knowledge"),
            new BenchmarkUnpublished(ID, OWNER, 10));

    private static TestCase testCase(String id, String input, String expected) {
        var nodes = JsonNodeFactory.instance;
        return new TestCase(id, nodes.textNode(input), nodes.textNode(expected), List.of(), null);
    }

    private static BenchmarkHistory.Snapshot snapshotAt(long version, List<BenchmarkEvent> events) {
        var history = new BenchmarkHistory(version);
        events.forEach(history::apply);
        return history.snapshot().orElseThrow(() -> new AssertionError("no snapshot at version " + version));
    }

    private static BenchmarkHistory.Snapshot snapshotAt(long version) {
        return snapshotAt(version, HISTORY);
    }

    @Test
    void the_first_version_has_the_created_content_and_hash() {
        var v1 = snapshotAt(1);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.contentHash()).isEqualTo("sha256:v1");
        assertThat(v1.promptTemplate()).isEqualTo("Q: {{input}}");
        assertThat(v1.cases()).containsExactly(C1);
        assertThat(v1.graders()).containsExactly(EXACT);
        assertThat(v1.decisionCriteria()).isEmpty();
    }

    @Test
    void a_version_made_of_several_events_has_all_of_them() {
        var v2 = snapshotAt(2);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.cases()).containsExactly(C1, C2, C3);
        assertThat(v2.contentHash()).isEqualTo("sha256:v2");
    }

    @Test
    void a_revised_case_keeps_its_place() {
        var v4 = snapshotAt(4);

        assertThat(v4.cases()).containsExactly(C1_REVISED, C2, C3);
        assertThat(v4.contentHash()).isEqualTo("sha256:v4");
    }

    @Test
    void a_removed_case_is_gone_from_that_version_on() {
        assertThat(snapshotAt(5).cases()).containsExactly(C1_REVISED, C3);
        assertThat(snapshotAt(5).contentHash()).isEqualTo("sha256:v5");
    }

    @Test
    void an_older_version_keeps_its_own_template_graders_and_criteria() {
        var v6 = snapshotAt(6);

        assertThat(v6.promptTemplate()).isEqualTo("Answer in one word: {{input}}");
        assertThat(v6.graders()).containsExactly(EXACT);
        assertThat(v6.decisionCriteria()).isEmpty();
        assertThat(v6.contentHash()).isEqualTo("sha256:v6");
    }

    @Test
    void a_version_that_only_changed_criteria_or_details_keeps_the_content_hash_before_it() {
        assertThat(snapshotAt(8).contentHash()).isEqualTo("sha256:v7");
        assertThat(snapshotAt(8).decisionCriteria()).containsExactly(PASS_RATE_90);
        assertThat(snapshotAt(9).contentHash()).isEqualTo("sha256:v7");
    }

    @Test
    void the_latest_version_has_every_change() {
        var latest = snapshotAt(Long.MAX_VALUE);

        assertThat(latest.version()).isEqualTo(10);
        assertThat(latest.currentVersion()).isEqualTo(10);
        assertThat(latest.contentHash()).isEqualTo("sha256:v7");
        assertThat(latest.promptTemplate()).isEqualTo("Answer in one word: {{input}}");
        assertThat(latest.cases()).containsExactly(C1_REVISED, C3);
        assertThat(latest.graders()).containsExactly(EXACT, CONTAINS);
        assertThat(latest.decisionCriteria()).containsExactly(PASS_RATE_90);
    }

    @Test
    void asking_for_the_latest_version_by_number_gives_the_same_snapshot() {
        assertThat(snapshotAt(10)).isEqualTo(snapshotAt(Long.MAX_VALUE));
    }

    @Test
    void an_old_version_reports_the_current_owner_visibility_and_version() {
        // at v2 the benchmark was private and at v4 public; now (v10) it is private again
        var v2 = snapshotAt(2);
        var v4 = snapshotAt(4);

        assertThat(v2.id()).isEqualTo(ID);
        assertThat(v2.ownerId()).isEqualTo(OWNER);
        assertThat(v2.currentVersion()).isEqualTo(10);
        assertThat(v2.currentVisibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(v4.currentVisibility()).isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void an_old_version_of_a_benchmark_that_is_public_now_reports_it_public() {
        var v2 = snapshotAt(2, HISTORY.subList(0, 4));

        assertThat(v2.currentVisibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(v2.currentVersion()).isEqualTo(3);
        assertThat(v2.cases()).containsExactly(C1, C2, C3);
    }

    @Test
    void a_version_never_reached_has_no_snapshot() {
        var history = new BenchmarkHistory(11);
        HISTORY.forEach(history::apply);

        assertThat(history.snapshot()).isEmpty();
    }

    @Test
    void a_benchmark_without_events_has_no_snapshot() {
        assertThat(new BenchmarkHistory(Long.MAX_VALUE).snapshot()).isEmpty();
        assertThat(new BenchmarkHistory(1).snapshot()).isEmpty();
    }

    @Test
    void version_zero_was_never_reached_and_has_no_snapshot() {
        var history = new BenchmarkHistory(0);
        HISTORY.forEach(history::apply);

        assertThat(history.snapshot()).isEmpty();
    }

    @Test
    void a_fork_starts_its_own_history_with_the_copied_content() {
        var forkHistory = List.<BenchmarkEvent>of(
                new BenchmarkForked(
                        FORK_ID,
                        FORKER,
                        ID,
                        4,
                        "Capitals (fork)",
                        "Knows capitals?",
                        List.of("geo"),
                        "knowledge",
                        Visibility.PRIVATE,
                        "Q: {{input}}",
                        List.of(C1_REVISED, C2, C3),
                        List.of(EXACT),
                        List.of(PASS_RATE_90),
                        1,
                        "sha256:f1"),
                new TestCaseRemoved(FORK_ID, FORKER, 2, "c3", "sha256:f2"),
                new BenchmarkPublished(FORK_ID, FORKER, 3));

        var v1 = snapshotAt(1, forkHistory);
        var latest = snapshotAt(Long.MAX_VALUE, forkHistory);

        assertThat(v1.id()).isEqualTo(FORK_ID);
        assertThat(v1.ownerId()).isEqualTo(FORKER);
        assertThat(v1.cases()).containsExactly(C1_REVISED, C2, C3);
        assertThat(v1.graders()).containsExactly(EXACT);
        assertThat(v1.decisionCriteria()).containsExactly(PASS_RATE_90);
        assertThat(v1.contentHash()).isEqualTo("sha256:f1");
        assertThat(v1.currentVisibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(latest.cases()).containsExactly(C1_REVISED, C2);
        assertThat(latest.contentHash()).isEqualTo("sha256:f2");
        assertThat(latest.version()).isEqualTo(3);
    }

    @Test
    void a_snapshot_does_not_change_when_more_events_are_applied_after_it() {
        var history = new BenchmarkHistory(2);
        HISTORY.subList(0, 3).forEach(history::apply);
        var before = history.snapshot().orElseThrow().cases();
        HISTORY.subList(3, HISTORY.size()).forEach(history::apply);

        assertThat(history.snapshot().orElseThrow().cases()).isEqualTo(before).containsExactly(C1, C2, C3);
    }

    /** HISTORY's event i stored at minute i (both of v2's events at minutes 1 and 2). */
    private static BenchmarkHistory.Snapshot snapshotAsOf(Instant asOf) {
        var history = BenchmarkHistory.asOf(asOf);
        for (int i = 0; i < HISTORY.size(); i++) history.apply(HISTORY.get(i), T0.plus(Duration.ofMinutes(i)));
        return history.snapshot().orElseThrow(() -> new AssertionError("no snapshot at " + asOf));
    }

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void as_of_an_instant_holds_the_events_stored_up_to_and_including_it() {
        var atCreation = snapshotAsOf(T0);
        var justAfterV9 = snapshotAsOf(T0.plus(Duration.ofMinutes(9)).plusSeconds(30));
        var afterTheLast = snapshotAsOf(T0.plus(Duration.ofDays(1)));

        assertThat(atCreation.version()).isEqualTo(1);
        assertThat(atCreation.cases()).containsExactly(C1);
        assertThat(atCreation.title()).isEqualTo("Capitals");
        assertThat(atCreation.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(atCreation.changedAt()).isEqualTo(T0);
        assertThat(atCreation.currentVersion()).isEqualTo(10);
        assertThat(justAfterV9.version()).isEqualTo(9);
        assertThat(justAfterV9.title()).isEqualTo("Capitals of Europe");
        assertThat(justAfterV9.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(justAfterV9.changedAt()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
        assertThat(afterTheLast.version()).isEqualTo(10);
        assertThat(afterTheLast.visibility()).isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void an_instant_between_the_events_of_one_version_holds_the_whole_version() {
        // v2 is two events (minutes 1 and 2) that one command appended together
        var between = snapshotAsOf(T0.plus(Duration.ofMinutes(1)).plusSeconds(30));

        assertThat(between.version()).isEqualTo(2);
        assertThat(between.cases()).containsExactly(C1, C2, C3);
        assertThat(between.contentHash()).isEqualTo("sha256:v2");
    }

    @Test
    void before_its_first_event_a_benchmark_has_no_snapshot() {
        var history = BenchmarkHistory.asOf(T0.minusNanos(1));
        for (int i = 0; i < HISTORY.size(); i++) history.apply(HISTORY.get(i), T0.plus(Duration.ofMinutes(i)));

        assertThat(history.snapshot()).isEmpty();
    }
}

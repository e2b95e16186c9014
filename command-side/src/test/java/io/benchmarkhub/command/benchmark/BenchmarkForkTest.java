package io.benchmarkhub.command.benchmark;

import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.ChangeBenchmarkDetails;
import io.benchmarkhub.domain.benchmark.commands.ForkBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RemoveTestCase;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkForked;
import io.benchmarkhub.domain.benchmark.events.DecisionCriteriaChanged;
import io.benchmarkhub.domain.benchmark.events.TestCaseAdded;
import io.benchmarkhub.domain.benchmark.events.TestCaseRemoved;
import io.benchmarkhub.domain.user.Actor;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forking. The source handles {@link ForkBenchmark} and creates the fork with
 * {@code AggregateLifecycle.createNew}. Found by experiment: with its default repository provider the
 * {@link AggregateTestFixture} runs the factory, and the fork's {@link BenchmarkForked} shows up among
 * the fixture's published events (as a plain event message, not a domain event of the source), so
 * {@code expectEvents} can assert it. Loading the fork afterwards is not possible in the same fixture;
 * the fork's own behaviour is tested by giving a {@link BenchmarkForked}.
 */
class BenchmarkForkTest {

    /** The source after two more versions: c3 added (version 2), criteria cleared (version 3). */
    private static final TestCase C3 = testCase("c3", "Capital of Spain?", "Madrid");

    private static final List<TestCase> SOURCE_CASES = List.of(C1, C2, C3);
    private static final String SOURCE_HASH = hash(SOURCE_CASES, GRADERS);
    private static final Object[] PUBLIC_SOURCE_AT_VERSION_3 = {
        createdPublic(),
        new TestCaseAdded(ID, OWNER_ID, 2, C3, SOURCE_HASH),
        new DecisionCriteriaChanged(ID, OWNER_ID, 3, List.of())
    };

    private FixtureConfiguration<Benchmark> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Benchmark.class);
    }

    private static ForkBenchmark fork(Actor actor, String title, Visibility visibility) {
        return new ForkBenchmark(ID, FORK_ID, actor, title, visibility);
    }

    /** Runs the fork and returns the one event it publishes. */
    private BenchmarkForked forkedBy(ForkBenchmark cmd, Object... given) {
        var published = new ArrayList<Object>();
        fixture.given(given)
                .when(cmd)
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(Matchers.predicate(events -> published.addAll(events)));
        assertThat(published).hasSize(1);
        Object payload = ((EventMessage<?>) published.getFirst()).getPayload();
        assertThat(payload).isInstanceOf(BenchmarkForked.class);
        return (BenchmarkForked) payload;
    }

    @Test
    void a_fork_of_a_private_benchmark_by_a_non_owner_is_not_found() {
        fixture.given(createdPrivate())
                .when(fork(STRANGER, null, null))
                .expectNoEvents()
                .expectException(BenchmarkException.NotFound.class);
    }

    @Test
    void a_fork_of_a_public_benchmark_by_another_user_publishes_the_full_benchmark_forked_event() {
        fixture.given(PUBLIC_SOURCE_AT_VERSION_3)
                .when(fork(STRANGER, null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BenchmarkForked(
                        FORK_ID,
                        STRANGER_ID,
                        ID,
                        3,
                        TITLE,
                        DESCRIPTION,
                        TAGS,
                        CATEGORY,
                        Visibility.PUBLIC,
                        TEMPLATE,
                        SOURCE_CASES,
                        GRADERS,
                        List.of(),
                        1,
                        SOURCE_HASH));
    }

    @Test
    void the_fork_is_owned_by_the_forking_user() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .ownerId())
                .isEqualTo(STRANGER_ID);
    }

    @Test
    void the_fork_names_the_source_and_the_version_it_was_copied_from() {
        var forked = forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3);

        assertThat(forked.sourceId()).isEqualTo(ID);
        assertThat(forked.sourceVersion()).isEqualTo(3);
    }

    @Test
    void the_fork_gets_the_new_id() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .benchmarkId())
                .isEqualTo(FORK_ID);
    }

    @Test
    void the_fork_copies_the_sources_cases_in_order() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .cases())
                .containsExactlyElementsOf(SOURCE_CASES);
    }

    @Test
    void the_fork_starts_at_version_1() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .version())
                .isEqualTo(1);
    }

    @Test
    void the_fork_has_the_content_hash_of_the_source() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .contentHash())
                .isEqualTo(SOURCE_HASH);
    }

    @Test
    void a_fork_with_a_null_title_keeps_the_sources_title() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .title())
                .isEqualTo(TITLE);
    }

    @Test
    void a_fork_with_a_title_uses_it_without_surrounding_whitespace() {
        assertThat(forkedBy(fork(STRANGER, "  My capitals ", null), PUBLIC_SOURCE_AT_VERSION_3)
                        .title())
                .isEqualTo("My capitals");
    }

    @Test
    void a_fork_with_a_null_visibility_keeps_the_sources_visibility() {
        assertThat(forkedBy(fork(STRANGER, null, null), PUBLIC_SOURCE_AT_VERSION_3)
                        .visibility())
                .isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void a_fork_may_choose_to_be_private() {
        assertThat(forkedBy(fork(STRANGER, null, Visibility.PRIVATE), PUBLIC_SOURCE_AT_VERSION_3)
                        .visibility())
                .isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void forking_changes_nothing_in_the_source_and_returns_its_version() {
        var published = new ArrayList<Object>();
        fixture.given(PUBLIC_SOURCE_AT_VERSION_3)
                .when(fork(STRANGER, null, null))
                .expectResultMessagePayload(3L)
                .expectEventsMatching(Matchers.predicate(events -> published.addAll(events)));

        assertThat(published)
                .noneMatch(m -> m instanceof DomainEventMessage<?> d
                        && d.getAggregateIdentifier().equals(ID.value()));
    }

    @Test
    void the_owner_may_fork_their_own_private_benchmark() {
        assertThat(forkedBy(fork(OWNER, "Copy", null), createdPrivate()).visibility())
                .isEqualTo(Visibility.PRIVATE);
    }

    @Test
    void an_admin_cannot_fork_someone_elses_private_benchmark() {
        fixture.given(createdPrivate())
                .when(fork(ADMIN, null, null))
                .expectNoEvents()
                .expectException(BenchmarkException.NotFound.class);
    }

    @Test
    void a_public_fork_of_a_benchmark_without_graders_is_a_state_conflict() {
        fixture.given(created(Visibility.PRIVATE, CASES, List.of()))
                .when(fork(OWNER, null, Visibility.PUBLIC))
                .expectNoEvents()
                .expectException(BenchmarkException.StateConflict.class);
    }

    @Test
    void a_private_fork_of_a_benchmark_without_cases_is_allowed() {
        assertThat(forkedBy(fork(OWNER, null, null), created(Visibility.PRIVATE, List.of(), GRADERS))
                        .cases())
                .isEmpty();
    }

    @Test
    void a_fork_with_a_blank_title_is_invalid_and_named_title() {
        fixture.given(createdPublic())
                .when(fork(STRANGER, "  ", null))
                .expectNoEvents()
                .expectException(invalidNaming("title"));
    }

    // --- the fork as a benchmark of its own ----------------------------------------------------

    private static BenchmarkForked forkedEvent(List<TestCase> cases) {
        return new BenchmarkForked(
                FORK_ID,
                STRANGER_ID,
                ID,
                3,
                TITLE,
                DESCRIPTION,
                TAGS,
                CATEGORY,
                Visibility.PRIVATE,
                TEMPLATE,
                cases,
                GRADERS,
                CRITERIA,
                1,
                hash(cases, GRADERS));
    }

    @Test
    void the_forking_user_may_edit_the_fork() {
        fixture.given(forkedEvent(SOURCE_CASES))
                .when(new ChangeBenchmarkDetails(
                        FORK_ID, Actor.user(STRANGER_ID), 1L, "Mine now", null, null, null, null))
                .expectEvents(
                        new BenchmarkDetailsChanged(FORK_ID, STRANGER_ID, 2, "Mine now", DESCRIPTION, TAGS, CATEGORY));
    }

    @Test
    void the_owner_of_the_source_does_not_find_a_private_fork() {
        fixture.given(forkedEvent(SOURCE_CASES))
                .when(new ChangeBenchmarkDetails(FORK_ID, OWNER, null, "Mine again", null, null, null, null))
                .expectException(BenchmarkException.NotFound.class);
    }

    @Test
    void the_fork_generates_case_ids_after_the_copied_ones() {
        var withGap = List.of(C1, C3);
        var added = newCase("Capital of Peru?").withId("c4");

        fixture.given(forkedEvent(withGap))
                .when(new AddTestCases(FORK_ID, STRANGER, null, List.of(newCase("Capital of Peru?"))))
                .expectEvents(new TestCaseAdded(FORK_ID, STRANGER_ID, 2, added, hash(List.of(C1, C3, added), GRADERS)));
    }

    @Test
    void the_fork_hashes_its_content_like_the_source() {
        fixture.given(forkedEvent(SOURCE_CASES))
                .when(new RemoveTestCase(FORK_ID, STRANGER, null, "c3"))
                .expectEvents(new TestCaseRemoved(FORK_ID, STRANGER_ID, 2, "c3", hash(List.of(C1, C2), GRADERS)));
    }
}

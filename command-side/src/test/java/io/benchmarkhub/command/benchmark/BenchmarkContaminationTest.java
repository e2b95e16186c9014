package io.benchmarkhub.command.benchmark;

import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.commands.ClearContamination;
import io.benchmarkhub.domain.benchmark.commands.DismissContamination;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.benchmark.commands.PublishBenchmark;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.ContaminationCleared;
import io.benchmarkhub.domain.benchmark.events.ContaminationDismissed;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contamination policy's findings on the {@link Benchmark} aggregate. */
class BenchmarkContaminationTest {

    private FixtureConfiguration<Benchmark> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Benchmark.class);
    }

    private static FlagContamination flag(String model) {
        return new FlagContamination(ID, model, 0.9, 0.6, 0.05, 6.0, 50, 7, 4);
    }

    private static ContaminationSuspected suspected(long version, String model) {
        return new ContaminationSuspected(ID, version, model, 0.9, 0.6, 0.05, 6.0, 50, 7, 4);
    }

    @Test
    void a_first_finding_for_a_model_raises_a_flag_at_the_current_version() {
        fixture.given(createdPublic(), new BenchmarkDetailsChanged(ID, OWNER_ID, 2, "t", null, List.of(), null))
                .when(flag("m"))
                .expectEvents(suspected(2, "m"))
                .expectResultMessagePayload(true);
    }

    @Test
    void the_same_finding_again_raises_nothing() {
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(flag("m"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void another_model_on_the_same_benchmark_gets_its_own_flag() {
        fixture.given(createdPublic(), suspected(1, "m")).when(flag("other")).expectEvents(suspected(1, "other"));
    }

    @Test
    void a_flag_does_not_change_the_version_an_owner_edits_against() {
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(new PublishBenchmark(ID, OWNER, 1L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    private static ClearContamination clear(String model) {
        return new ClearContamination(ID, model, 0.65, 0.6, 0.05, 1.0, 60, 8, 4);
    }

    private static ContaminationCleared cleared(long version, String model) {
        return new ContaminationCleared(ID, version, model, 0.65, 0.6, 0.05, 1.0, 60, 8, 4);
    }

    private static ContaminationDismissed dismissed(String model) {
        return new ContaminationDismissed(ID, ADMIN_ID, 1, model, "checked: no overlap");
    }

    @Test
    void later_evidence_under_the_clearing_threshold_withdraws_an_open_flag_with_its_figures() {
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(clear("m"))
                .expectEvents(cleared(1, "m"))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_flag_is_cleared_once() {
        fixture.given(createdPublic(), suspected(1, "m"), cleared(1, "m"))
                .when(clear("m"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void a_model_never_flagged_is_not_cleared() {
        fixture.given(createdPublic()).when(clear("m")).expectNoEvents().expectResultMessagePayload(false);
    }

    @Test
    void a_cleared_pair_above_the_threshold_again_is_flagged_again() {
        fixture.given(createdPublic(), suspected(1, "m"), cleared(1, "m"))
                .when(flag("m"))
                .expectEvents(suspected(1, "m"));
    }

    @Test
    void an_admin_dismisses_an_open_flag_with_a_reason() {
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(new DismissContamination(ID, ADMIN, "m", "  checked: no overlap "))
                .expectEvents(dismissed("m"))
                .expectResultMessagePayload(true);
    }

    @Test
    void a_dismissed_pair_is_never_flagged_again_nor_cleared() {
        fixture.given(createdPublic(), suspected(1, "m"), dismissed("m"))
                .when(flag("m"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(createdPublic(), suspected(1, "m"), dismissed("m"))
                .when(clear("m"))
                .expectNoEvents();
    }

    @Test
    void dismissing_twice_appends_nothing() {
        fixture.given(createdPublic(), suspected(1, "m"), dismissed("m"))
                .when(new DismissContamination(ID, ADMIN, "m", "again"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void only_an_admin_dismisses_and_only_an_open_flag_with_a_reason() {
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(new DismissContamination(ID, OWNER, "m", "mine"))
                .expectException(BenchmarkException.NotPermitted.class);
        fixture.given(createdPublic(), suspected(1, "m"), cleared(1, "m"))
                .when(new DismissContamination(ID, ADMIN, "m", "why"))
                .expectException(BenchmarkException.StateConflict.class);
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(new DismissContamination(ID, ADMIN, "m", " "))
                .expectException(BenchmarkException.Invalid.class);
    }

    @Test
    void a_flag_stays_raised_when_the_benchmark_is_unpublished() {
        fixture.given(createdPublic(), suspected(1, "m"), new BenchmarkUnpublished(ID, OWNER_ID, 2))
                .when(flag("m"))
                .expectNoEvents();
    }
}

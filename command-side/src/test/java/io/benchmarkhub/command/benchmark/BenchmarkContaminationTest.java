package io.benchmarkhub.command.benchmark;

import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.domain.benchmark.commands.PublishBenchmark;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.ContaminationSuspected;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;

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
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(flag("other"))
                .expectEvents(suspected(1, "other"));
    }

    @Test
    void a_flag_does_not_change_the_version_an_owner_edits_against() {
        fixture.given(createdPublic(), suspected(1, "m"))
                .when(new PublishBenchmark(ID, OWNER, 1L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void a_flag_stays_raised_when_the_benchmark_is_unpublished() {
        fixture.given(createdPublic(), suspected(1, "m"), new BenchmarkUnpublished(ID, OWNER_ID, 2))
                .when(flag("m"))
                .expectNoEvents();
    }
}

package io.benchmarkhub.command.benchmark;

import static io.benchmarkhub.command.benchmark.BenchmarkTestData.*;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.benchmark.commands.ApproveVerification;
import io.benchmarkhub.domain.benchmark.commands.PublishBenchmark;
import io.benchmarkhub.domain.benchmark.commands.RequestVerification;
import io.benchmarkhub.domain.benchmark.commands.RevokeVerification;
import io.benchmarkhub.domain.benchmark.events.BenchmarkDetailsChanged;
import io.benchmarkhub.domain.benchmark.events.BenchmarkUnpublished;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerificationRevoked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerified;
import io.benchmarkhub.domain.benchmark.events.VerificationRequested;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verified badge on the {@link Benchmark} aggregate: the owner asks, an admin approves. */
class BenchmarkVerificationTest {

    private static final String LICENCE = "CC-BY-4.0";
    private static final String SOURCE = "https://example.org/datasets/capitals";

    private FixtureConfiguration<Benchmark> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Benchmark.class);
    }

    private static VerificationRequested requested(long version) {
        return new VerificationRequested(ID, OWNER_ID, version, LICENCE, SOURCE);
    }

    private static BenchmarkVerified verified(long version) {
        return new BenchmarkVerified(ID, ADMIN_ID, version, LICENCE, SOURCE);
    }

    @Test
    void the_owner_of_a_public_benchmark_requests_verification_at_the_current_version() {
        fixture.given(createdPublic(), new BenchmarkDetailsChanged(ID, OWNER_ID, 2, "t", null, List.of(), null))
                .when(new RequestVerification(ID, OWNER, LICENCE, SOURCE))
                .expectEvents(requested(2))
                .expectResultMessagePayload(new Verification(Verification.Status.REQUESTED, LICENCE, SOURCE));
    }

    @Test
    void the_same_request_again_appends_nothing() {
        fixture.given(createdPublic(), requested(1))
                .when(new RequestVerification(ID, OWNER, LICENCE, SOURCE))
                .expectNoEvents();
    }

    @Test
    void a_new_licence_replaces_a_pending_request() {
        fixture.given(createdPublic(), requested(1))
                .when(new RequestVerification(ID, OWNER, "MIT", SOURCE))
                .expectEvents(new VerificationRequested(ID, OWNER_ID, 1, "MIT", SOURCE));
    }

    @Test
    void someone_else_may_not_request_it() {
        fixture.given(createdPublic())
                .when(new RequestVerification(ID, STRANGER, LICENCE, SOURCE))
                .expectException(BenchmarkException.NotPermitted.class);
    }

    @Test
    void a_private_benchmark_cannot_be_verified() {
        fixture.given(createdPrivate())
                .when(new RequestVerification(ID, OWNER, LICENCE, SOURCE))
                .expectException(BenchmarkException.StateConflict.class);
    }

    @Test
    void a_blank_licence_and_a_relative_source_are_refused() {
        fixture.given(createdPublic())
                .when(new RequestVerification(ID, OWNER, " ", "/datasets/capitals"))
                .expectException(BenchmarkException.Invalid.class)
                .expectExceptionMessage(
                        "the benchmark is not valid: [licence must not be blank, sourceUrl must be an absolute http or https URL]");
    }

    @Test
    void an_ftp_source_and_a_licence_expression_are_refused() {
        fixture.given(createdPublic())
                .when(new RequestVerification(ID, OWNER, "MIT OR Apache-2.0", "ftp://example.org/x"))
                .expectException(BenchmarkException.Invalid.class);
    }

    @Test
    void an_admin_approves_a_pending_request() {
        fixture.given(createdPublic(), requested(1))
                .when(new ApproveVerification(ID, ADMIN))
                .expectEvents(verified(1))
                .expectResultMessagePayload(new Verification(Verification.Status.VERIFIED, LICENCE, SOURCE));
    }

    @Test
    void approving_twice_appends_nothing() {
        fixture.given(createdPublic(), requested(1), verified(1))
                .when(new ApproveVerification(ID, ADMIN))
                .expectNoEvents()
                .expectResultMessagePayload(new Verification(Verification.Status.VERIFIED, LICENCE, SOURCE));
    }

    @Test
    void the_owner_may_not_approve_their_own_request() {
        fixture.given(createdPublic(), requested(1))
                .when(new ApproveVerification(ID, OWNER))
                .expectException(BenchmarkException.NotPermitted.class);
    }

    @Test
    void nothing_requested_cannot_be_approved() {
        fixture.given(createdPublic())
                .when(new ApproveVerification(ID, ADMIN))
                .expectException(BenchmarkException.StateConflict.class);
    }

    @Test
    void a_request_of_a_benchmark_unpublished_since_cannot_be_approved() {
        fixture.given(createdPublic(), requested(1), new BenchmarkUnpublished(ID, OWNER_ID, 2))
                .when(new ApproveVerification(ID, ADMIN))
                .expectException(BenchmarkException.StateConflict.class);
    }

    @Test
    void a_verified_benchmark_refuses_a_different_declaration() {
        fixture.given(createdPublic(), requested(1), verified(1))
                .when(new RequestVerification(ID, OWNER, "MIT", SOURCE))
                .expectException(BenchmarkException.StateConflict.class);
    }

    @Test
    void verification_does_not_change_the_version_an_owner_edits_against() {
        fixture.given(createdPublic(), requested(1), verified(1))
                .when(new PublishBenchmark(ID, OWNER, 1L))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    private static BenchmarkVerificationRevoked revoked(long version) {
        return new BenchmarkVerificationRevoked(ID, ADMIN_ID, version, "licence changed");
    }

    @Test
    void an_admin_revokes_the_badge_with_a_reason() {
        fixture.given(createdPublic(), requested(1), verified(1))
                .when(new RevokeVerification(ID, ADMIN, " licence changed "))
                .expectEvents(revoked(1))
                .expectResultMessagePayload(
                        new Verification(Verification.Status.REVOKED, LICENCE, SOURCE, "licence changed"));
    }

    @Test
    void revoking_twice_appends_nothing_and_an_unverified_benchmark_has_no_badge_to_revoke() {
        fixture.given(createdPublic(), requested(1), verified(1), revoked(1))
                .when(new RevokeVerification(ID, ADMIN, "again"))
                .expectNoEvents();
        fixture.given(createdPublic(), requested(1))
                .when(new RevokeVerification(ID, ADMIN, "why"))
                .expectException(BenchmarkException.StateConflict.class);
    }

    @Test
    void only_an_admin_revokes_and_only_with_a_reason() {
        fixture.given(createdPublic(), requested(1), verified(1))
                .when(new RevokeVerification(ID, OWNER, "mine"))
                .expectException(BenchmarkException.NotPermitted.class);
        fixture.given(createdPublic(), requested(1), verified(1))
                .when(new RevokeVerification(ID, ADMIN, ""))
                .expectException(BenchmarkException.Invalid.class);
    }

    @Test
    void a_revoked_badge_is_not_approved_again_until_the_owner_asks_again() {
        fixture.given(createdPublic(), requested(1), verified(1), revoked(1))
                .when(new ApproveVerification(ID, ADMIN))
                .expectException(BenchmarkException.StateConflict.class);
        fixture.given(createdPublic(), requested(1), verified(1), revoked(1))
                .when(new RequestVerification(ID, OWNER, LICENCE, SOURCE))
                .expectEvents(requested(1));
    }
}

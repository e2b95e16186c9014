package io.benchmarkhub.command.benchmark;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.benchmark.commands.ApproveVerification;
import io.benchmarkhub.domain.benchmark.commands.RequestVerification;
import io.benchmarkhub.domain.benchmark.commands.RevokeVerification;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerificationRevoked;
import io.benchmarkhub.domain.benchmark.events.BenchmarkVerified;
import io.benchmarkhub.domain.benchmark.events.VerificationRequested;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * A member of the {@link Benchmark} aggregate: the open-dataset verification, requested by the owner and approved or
 * revoked by an admin. Its events leave the benchmark's version alone.
 */
final class BenchmarkVerification {

    private final Benchmark benchmark;
    /** Null until the owner asks for it. */
    private Verification verification;

    BenchmarkVerification(Benchmark benchmark) {
        this.benchmark = benchmark;
    }

    /**
     * The owner of a public benchmark declares its dataset open and asks for the verified badge. Asking again with
     * the same licence and source appends nothing; with others, it replaces a pending request. A verified benchmark
     * keeps its approved declaration.
     */
    @CommandHandler
    public Verification handle(RequestVerification cmd) {
        benchmark.assertCanRead(cmd.actor());
        if (!cmd.actor().owns(benchmark.ownerId())) {
            throw new BenchmarkException.NotPermitted(
                    "only the owner of benchmark " + benchmark.id() + " may request its verification");
        }
        var problems = BenchmarkRules.verification(cmd.licence(), cmd.sourceUrl());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        benchmark.assertPublic("only a public benchmark can be verified; publish it first");
        var requested = new Verification(
                Verification.Status.REQUESTED,
                cmd.licence().strip(),
                cmd.sourceUrl().strip());
        if (verification != null && verification.verified()) {
            if (sameDeclaration(requested)) return verification;
            throw new BenchmarkException.StateConflict(
                    "benchmark " + benchmark.id() + " is verified already with licence " + verification.licence()
                            + " and source " + verification.sourceUrl());
        }
        if (requested.equals(verification)) return verification;
        apply(new VerificationRequested(
                benchmark.id(), cmd.actor().userId(), benchmark.version(), requested.licence(), requested.sourceUrl()));
        return requested;
    }

    /** An admin approves the pending request; approving a verified benchmark again appends nothing. */
    @CommandHandler
    public Verification handle(ApproveVerification cmd) {
        if (!cmd.actor().admin()) throw new BenchmarkException.NotPermitted("only an admin may approve a verification");
        if (verification == null || verification.status() == Verification.Status.REVOKED) {
            throw new BenchmarkException.StateConflict(
                    "benchmark " + benchmark.id() + " has no verification request to approve");
        }
        if (verification.verified()) return verification;
        benchmark.assertPublic("benchmark " + benchmark.id()
                + " was unpublished after its request; only a public benchmark can be verified");
        apply(new BenchmarkVerified(
                benchmark.id(),
                cmd.actor().userId(),
                benchmark.version(),
                verification.licence(),
                verification.sourceUrl()));
        return new Verification(Verification.Status.VERIFIED, verification.licence(), verification.sourceUrl());
    }

    /** An admin takes the badge away; the owner may ask again. Revoking a revoked badge again appends nothing. */
    @CommandHandler
    public Verification handle(RevokeVerification cmd) {
        benchmark.assertCanRead(cmd.actor());
        if (!cmd.actor().admin()) throw new BenchmarkException.NotPermitted("only an admin may revoke a verification");
        var problems = BenchmarkRules.reason(cmd.reason());
        if (!problems.isEmpty()) throw new BenchmarkException.Invalid(problems);
        if (verification != null && verification.status() == Verification.Status.REVOKED) return verification;
        if (verification == null || !verification.verified()) {
            throw new BenchmarkException.StateConflict(
                    "benchmark " + benchmark.id() + " is not verified; there is no badge to revoke");
        }
        String reason = cmd.reason().strip();
        apply(new BenchmarkVerificationRevoked(benchmark.id(), cmd.actor().userId(), benchmark.version(), reason));
        return new Verification(Verification.Status.REVOKED, verification.licence(), verification.sourceUrl(), reason);
    }

    /** Neither the request nor the badge is an edit: the version stays, like a contamination flag. */
    @EventSourcingHandler
    void on(VerificationRequested e) {
        verification = new Verification(Verification.Status.REQUESTED, e.licence(), e.sourceUrl());
    }

    @EventSourcingHandler
    void on(BenchmarkVerified e) {
        verification = new Verification(Verification.Status.VERIFIED, e.licence(), e.sourceUrl());
    }

    @EventSourcingHandler
    void on(BenchmarkVerificationRevoked e) {
        verification = new Verification(
                Verification.Status.REVOKED, verification.licence(), verification.sourceUrl(), e.reason());
    }

    private boolean sameDeclaration(Verification other) {
        return verification.licence().equals(other.licence())
                && verification.sourceUrl().equals(other.sourceUrl());
    }
}

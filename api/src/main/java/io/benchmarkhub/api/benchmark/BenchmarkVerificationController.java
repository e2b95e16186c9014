package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.Reason;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.VerificationRequest;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.VerificationState;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.commands.ApproveVerification;
import io.benchmarkhub.domain.benchmark.commands.RequestVerification;
import io.benchmarkhub.domain.benchmark.commands.RevokeVerification;
import io.benchmarkhub.query.benchmark.BenchmarkQueries;
import io.benchmarkhub.query.benchmark.BenchmarkViews.VerificationListing;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The verified badge: the owner of a public benchmark declares its dataset open, an admin approves (or later revokes).
 * Each answers once the detail view shows the new state; the library listing follows a moment later.
 */
@RestController
@Tag(name = "Benchmarks (verification)")
class BenchmarkVerificationController {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final BenchmarkQueries benchmarks;

    public BenchmarkVerificationController(
            CommandGateway commands, ReadYourWrites readYourWrites, BenchmarkQueries benchmarks) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.benchmarks = benchmarks;
    }

    @PostMapping("/api/benchmarks/{id}/verification")
    @Operation(summary = "Request the verified badge for an open dataset (owner, public benchmarks only)")
    public VerificationState request(
            @PathVariable String id, @RequestBody VerificationRequest body, @AuthenticationPrincipal CurrentUser user) {
        var problems = BenchmarkRules.verification(body.licence(), body.sourceUrl());
        if (!problems.isEmpty()) throw new BadRequest("The verification request is not valid.", problems);
        return answered(
                id,
                commands.sendAndWait(
                        new RequestVerification(new BenchmarkId(id), user.actor(), body.licence(), body.sourceUrl())));
    }

    @PostMapping("/api/admin/benchmarks/{id}/verification/approve")
    @Operation(summary = "Approve a requested verification (admin); approving again changes nothing")
    public VerificationState approve(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return answered(id, commands.sendAndWait(new ApproveVerification(new BenchmarkId(id), user.actor())));
    }

    @PostMapping("/api/admin/benchmarks/{id}/verification/revoke")
    @Operation(
            summary = "Revoke the verified badge (admin), with a reason shown on the benchmark",
            description =
                    "Appends BenchmarkVerificationRevoked; the badge leaves the detail view at once and library search "
                            + "a moment later. The owner may request verification again. Revoking a revoked badge changes nothing; "
                            + "a benchmark that is not verified is a 409; a blank reason a 400.")
    public VerificationState revoke(
            @PathVariable String id,
            @RequestBody(required = false) Reason body,
            @AuthenticationPrincipal CurrentUser user) {
        String reason = body == null ? null : body.reason();
        var problems = BenchmarkRules.reason(reason);
        if (!problems.isEmpty()) throw new BadRequest("The revocation needs a reason.", problems);
        return answered(id, commands.sendAndWait(new RevokeVerification(new BenchmarkId(id), user.actor(), reason)));
    }

    @GetMapping("/api/admin/benchmarks/verification")
    @Operation(
            summary = "Verification requests by status (admin): pending (default), verified or revoked",
            description =
                    "Public benchmarks only (admins do not read private ones, ADR 0004), oldest change first: "
                            + "benchmarkId, title, ownerId, status, licence, sourceUrl, changedAt, and revocationReason when revoked.")
    public List<VerificationListing> verifications(@RequestParam(defaultValue = "pending") String status) {
        Verification.Status wanted = switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "pending", "requested" -> Verification.Status.REQUESTED;
            case "verified" -> Verification.Status.VERIFIED;
            case "revoked" -> Verification.Status.REVOKED;
            default ->
                throw new BadRequest(
                        "Unknown status.", List.of(new Violation("status", "must be pending, verified or revoked")));
        };
        return benchmarks.verifications(wanted);
    }

    private VerificationState answered(String id, Verification verification) {
        readYourWrites.awaitStored(id);
        return new VerificationState(id, verification.verified(), verification);
    }
}

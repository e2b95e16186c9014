package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.VerificationRequest;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.VerificationState;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.Verification;
import io.benchmarkhub.domain.benchmark.commands.ApproveVerification;
import io.benchmarkhub.domain.benchmark.commands.RequestVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The verified badge: the owner of a public benchmark declares its dataset open, an admin approves. Both answer
 * once the detail view shows the new state; the library listing follows a moment later.
 */
@RestController
@Tag(name = "Benchmarks (verification)")
public class BenchmarkVerificationController {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;

    public BenchmarkVerificationController(CommandGateway commands, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping("/api/benchmarks/{id}/verification")
    @Operation(summary = "Request the verified badge for an open dataset (owner, public benchmarks only)")
    public VerificationState request(@PathVariable String id, @RequestBody VerificationRequest body,
                                     @AuthenticationPrincipal CurrentUser user) {
        var problems = BenchmarkRules.verification(body.licence(), body.sourceUrl());
        if (!problems.isEmpty()) throw new BadRequest("The verification request is not valid.", problems);
        return answered(id, commands.sendAndWait(new RequestVerification(new BenchmarkId(id), user.actor(), body.licence(), body.sourceUrl())));
    }

    @PostMapping("/api/admin/benchmarks/{id}/verification/approve")
    @Operation(summary = "Approve a requested verification (admin); approving again changes nothing")
    public VerificationState approve(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return answered(id, commands.sendAndWait(new ApproveVerification(new BenchmarkId(id), user.actor())));
    }

    private VerificationState answered(String id, Verification verification) {
        readYourWrites.awaitStored(id);
        return new VerificationState(id, verification.verified(), verification);
    }
}

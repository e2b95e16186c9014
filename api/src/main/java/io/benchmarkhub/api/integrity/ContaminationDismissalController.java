package io.benchmarkhub.api.integrity;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.Dismissal;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.DismissedFlag;
import io.benchmarkhub.api.benchmark.ReadYourWrites;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.benchmark.commands.DismissContamination;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An admin withdraws a contamination flag they judge unfounded (docs/leaderboards.md). */
@RestController
@Tag(name = "Leaderboards and integrity")
class ContaminationDismissalController {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;

    public ContaminationDismissalController(CommandGateway commands, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping("/api/admin/benchmarks/{id}/contamination/dismiss")
    @Operation(
            summary = "Dismiss a model's open contamination flag (admin), with a reason shown with the flag",
            description =
                    "Body {model, reason}. Appends ContaminationDismissed: the flag shows as DISMISSED, leaves the library's "
                            + "flagged models, and the policy never raises it again for this benchmark. Dismissing a dismissed flag "
                            + "changes nothing; a model without an open flag is a 409; a missing model or reason a 400.")
    public DismissedFlag dismiss(
            @PathVariable String id,
            @RequestBody(required = false) Dismissal body,
            @AuthenticationPrincipal CurrentUser user) {
        String model = body == null ? null : body.model();
        String reason = body == null ? null : body.reason();
        var problems = new ArrayList<Violation>();
        if (model == null || model.isBlank()) problems.add(new Violation("model", "must name the flagged model"));
        problems.addAll(BenchmarkRules.reason(reason));
        if (!problems.isEmpty()) throw new BadRequest("The dismissal is not valid.", problems);
        commands.sendAndWait(new DismissContamination(new BenchmarkId(id), user.actor(), model, reason));
        readYourWrites.awaitStored(id);
        return new DismissedFlag(id, model, "DISMISSED", reason.strip());
    }
}

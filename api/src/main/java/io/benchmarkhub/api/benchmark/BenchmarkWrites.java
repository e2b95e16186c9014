package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CasesAdded;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CreateBenchmarkRequest;
import io.benchmarkhub.api.billing.PlanLimits;
import io.benchmarkhub.command.benchmark.Benchmark.AddedCases;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Visibility;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** The writes that more than one endpoint makes (create, add cases): send the command, then wait until it is readable. */
@Component
class BenchmarkWrites {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final PlanLimits limits;

    BenchmarkWrites(CommandGateway commands, ReadYourWrites readYourWrites, PlanLimits limits) {
        this.limits = limits;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    BenchmarkId create(CurrentUser user, CreateBenchmarkRequest body) {
        // a benchmark without a visibility is private (CreateBenchmark); the workspace is checked by the command, and a
        // member of none answers 400 there before this count could tell anything about it
        WorkspaceRole role =
                body.workspaceId() == null ? null : user.workspaces().get(body.workspaceId());
        BenchmarkId id = BenchmarkId.generate();
        Runnable create = () -> commands.sendAndWait(new CreateBenchmark(
                id,
                user.actor(),
                body.title(),
                body.description(),
                body.tags(),
                body.category(),
                body.visibility(),
                body.workspaceId(),
                body.promptTemplate(),
                body.cases(),
                body.graders(),
                body.decisionCriteria(),
                body.promptVariants()));
        if (body.visibility() != Visibility.PUBLIC
                && (body.workspaceId() == null || (role != null && role.atLeast(WorkspaceRole.MEMBER)))) {
            limits.withPrivateBenchmarkSlot(user.id(), body.workspaceId(), id.value(), () -> {
                create.run();
                return id;
            });
        } else {
            create.run();
        }
        readYourWrites.awaitStored(id.value());
        return id;
    }

    CasesAdded addCases(CurrentUser user, String id, Long expectedVersion, List<TestCase> cases) {
        AddedCases added =
                commands.sendAndWait(new AddTestCases(new BenchmarkId(id), user.actor(), expectedVersion, cases));
        readYourWrites.awaitStored(id);
        return new CasesAdded(id, added.version(), added.caseIds());
    }
}

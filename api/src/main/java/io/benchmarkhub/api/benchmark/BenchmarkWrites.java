package io.benchmarkhub.api.benchmark;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CasesAdded;
import io.benchmarkhub.api.benchmark.BenchmarkRequests.CreateBenchmarkRequest;
import io.benchmarkhub.command.benchmark.Benchmark.AddedCases;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.commands.AddTestCases;
import io.benchmarkhub.domain.benchmark.commands.CreateBenchmark;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** The writes that more than one endpoint makes (create, add cases): send the command, then wait until it is readable. */
@Component
class BenchmarkWrites {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;

    BenchmarkWrites(CommandGateway commands, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    BenchmarkId create(CurrentUser user, CreateBenchmarkRequest body) {
        BenchmarkId id = BenchmarkId.generate();
        commands.sendAndWait(new CreateBenchmark(
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

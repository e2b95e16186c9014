package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;

/** The visibility matrix with library search on PostgreSQL. */
class WorkspaceVisibilityTest extends ApiTestBase implements WorkspaceVisibilityMatrix {

    @Override
    public User newUser(String prefix) {
        Caller caller = createUser(prefix);
        return new User(caller.id(), caller.token());
    }

    @Override
    public Response request(String method, String path, User user, String body) {
        return send(method, path, user == null ? null : user.token(), body);
    }

    @Override
    public String invitationToken(String email) {
        return WorkspacesTest.tokenIn(WorkspacesTest.awaitMail(email));
    }

    @Autowired
    CommandGateway commands;

    @Override
    public void flagContamination(String benchmarkId, String model) {
        commands.sendAndWait(new FlagContamination(new BenchmarkId(benchmarkId), model, 0.9, 0.5, 0.07, 5.3, 50, 8, 6));
    }

    @Override
    public void teamPlan(String workspaceId) {
        subscribeTeam(workspaceId);
    }
}

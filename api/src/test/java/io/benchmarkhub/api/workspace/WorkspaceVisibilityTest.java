package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.ApiTestBase;

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
}

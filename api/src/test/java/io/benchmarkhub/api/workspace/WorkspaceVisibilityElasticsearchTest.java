package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.library.ElasticsearchApiTestBase;

/** The visibility matrix with library search on the Elasticsearch test server. */
class WorkspaceVisibilityElasticsearchTest extends ElasticsearchApiTestBase implements WorkspaceVisibilityMatrix {

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

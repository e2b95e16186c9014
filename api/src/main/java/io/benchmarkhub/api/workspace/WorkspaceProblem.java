package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A workspace request refused: 404 for a workspace the caller cannot see, 403 for a role too weak, 409 for a rule. */
final class WorkspaceProblem extends ErrorResponseException {

    private WorkspaceProblem(HttpStatus status, String detail) {
        super(status, Problems.of(status, detail), null);
    }

    static WorkspaceProblem notFound(String id) {
        return new WorkspaceProblem(HttpStatus.NOT_FOUND, "No workspace " + id + ".");
    }

    static WorkspaceProblem notFoundDetail(String detail) {
        return new WorkspaceProblem(HttpStatus.NOT_FOUND, detail);
    }

    /** The token is part of the path: the problem names no instance, so the token is not echoed back. */
    static WorkspaceProblem invitationNotFound() {
        var problem = new WorkspaceProblem(HttpStatus.NOT_FOUND, "No such invitation, or it was used or has expired.");
        problem.getBody().setInstance(java.net.URI.create("/api/invitations"));
        return problem;
    }

    static WorkspaceProblem forbidden(String detail) {
        return new WorkspaceProblem(HttpStatus.FORBIDDEN, detail);
    }

    static WorkspaceProblem conflict(String detail) {
        return new WorkspaceProblem(HttpStatus.CONFLICT, detail);
    }

    /** A 409 about the workspace's credits, with the amount as a property ({@code balance} or {@code owed}). */
    static WorkspaceProblem credits(String detail, String property, long credits) {
        var problem = conflict(detail);
        problem.getBody().setProperty(property, credits);
        return problem;
    }
}

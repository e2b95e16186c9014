package io.benchmarkhub.api.rebuild;

/** Why a rebuild was not started or a projection not found; {@code ProblemHandler} turns it into problem+json. */
public abstract sealed class RebuildException extends RuntimeException {

    RebuildException(String message) {
        super(message);
    }

    /** No projection (or read model) of that name: 404. */
    public static final class UnknownProjection extends RebuildException {
        UnknownProjection(String message) {
            super(message);
        }
    }

    /** A rebuild of it runs already, here or on another instance, or other instances hold its segments: 409. */
    public static final class Refused extends RebuildException {
        Refused(String message) {
            super(message);
        }
    }
}

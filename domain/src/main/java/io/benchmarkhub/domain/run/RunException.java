package io.benchmarkhub.domain.run;

import io.benchmarkhub.domain.benchmark.Violation;
import java.util.List;

/** Why a run command was refused. The API maps each kind to its HTTP status. */
public abstract sealed class RunException extends RuntimeException {

    private RunException(String message) {
        super(message);
    }

    /** No such run, or the caller may not see it. → 404 */
    public static final class NotFound extends RunException {
        public NotFound(RunId id) {
            super("run " + id + " not found");
        }
    }

    /** The caller sees the run but their role does not allow this (a workspace's viewer). → 403 */
    public static final class NotPermitted extends RunException {
        public NotPermitted(String message) {
            super(message);
        }
    }

    /** The request is not valid. → 400 with the field-level problems */
    public static final class Invalid extends RunException {
        private final List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super("the run request is not valid: "
                    + violations.stream()
                            .map(v -> v.field() + " " + v.message())
                            .toList());
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** The command does not fit the run's state, e.g. cancelling a finished run. → 409 */
    public static final class StateConflict extends RunException {
        private final RunStatus status;

        public StateConflict(String message, RunStatus status) {
            super(message);
            this.status = status;
        }

        public RunStatus status() {
            return status;
        }
    }
}

package io.benchmarkhub.domain.suggestion;

import io.benchmarkhub.domain.benchmark.Violation;
import java.util.List;

/** Why a suggestion request or decision was refused. The API maps each kind to its HTTP status. */
public abstract sealed class SuggestionException extends RuntimeException {

    private SuggestionException(String message) {
        super(message);
    }

    /** No such job or suggestion, or the caller may not see it. → 404 */
    public static final class NotFound extends SuggestionException {
        public NotFound(String what) {
            super(what + " not found");
        }
    }

    /** The request carries invalid content. → 400 naming the fields */
    public static final class Invalid extends SuggestionException {
        private final List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super("the suggestion request is not valid: "
                    + violations.stream()
                            .map(v -> v.field() + " " + v.message())
                            .toList());
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** The suggestion was decided already, or the job is not in a state for this. → 409 */
    public static final class StateConflict extends SuggestionException {
        public StateConflict(String message) {
            super(message);
        }
    }
}

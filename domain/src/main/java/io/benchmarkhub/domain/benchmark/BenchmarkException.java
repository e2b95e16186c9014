package io.benchmarkhub.domain.benchmark;

import java.util.List;

/** Why a benchmark command was refused. The API maps each kind to its HTTP status. */
public abstract sealed class BenchmarkException extends RuntimeException {

    private BenchmarkException(String message) {
        super(message);
    }

    /** The benchmark does not exist, or the caller may not see it (a private benchmark is never admitted to). → 404 */
    public static final class NotFound extends BenchmarkException {
        public NotFound(BenchmarkId id) {
            super("benchmark " + id + " not found");
        }
    }

    /** The benchmark has no case with that id. → 404 */
    public static final class CaseNotFound extends BenchmarkException {
        public CaseNotFound(BenchmarkId id, String caseId) {
            super("benchmark " + id + " has no case '" + caseId + "'");
        }
    }

    /** The caller sees the benchmark but may not change it. → 403 */
    public static final class NotPermitted extends BenchmarkException {
        public NotPermitted(String message) {
            super(message);
        }
    }

    /** The edit was based on a version that is no longer current. → 412 */
    public static final class VersionConflict extends BenchmarkException {
        private final long expected;
        private final long actual;

        public VersionConflict(long expected, long actual) {
            super("the benchmark is at version " + actual + ", not " + expected
                    + "; reload it and apply your change again");
            this.expected = expected;
            this.actual = actual;
        }

        public long expected() {
            return expected;
        }

        public long actual() {
            return actual;
        }
    }

    /** The command carries invalid content. → 400 with the field-level problems */
    public static final class Invalid extends BenchmarkException {
        private final List<Violation> violations;

        public Invalid(List<Violation> violations) {
            super("the benchmark is not valid: "
                    + violations.stream()
                            .map(v -> v.field() + " " + v.message())
                            .toList());
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** The command does not fit the benchmark's current state (e.g. an unknown case id, publishing an empty benchmark). → 409 */
    public static final class StateConflict extends BenchmarkException {
        public StateConflict(String message) {
            super(message);
        }
    }
}

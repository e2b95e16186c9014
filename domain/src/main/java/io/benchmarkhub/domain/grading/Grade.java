package io.benchmarkhub.domain.grading;

import java.util.Objects;

/**
 * The result of one grader on one output: a {@code score} in [0,1], whether it {@code passed},
 * and a short human-readable {@code reason} (never the output itself, which may be long).
 */
public record Grade(double score, boolean passed, String reason) {

    public Grade {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0,1], got " + score);
        }
        Objects.requireNonNull(reason, "reason");
    }

    public static Grade pass(String reason) {
        return new Grade(1, true, reason);
    }

    public static Grade fail(String reason) {
        return new Grade(0, false, reason);
    }
}

package io.benchmarkhub.domain.run;

import java.util.Objects;

/**
 * What one deterministic grader said about one output: the grader's position in the benchmark's
 * grader list, its type, and its {@link io.benchmarkhub.domain.grading.Grade}.
 */
public record GraderResult(int graderIndex, String type, double score, boolean passed, String reason) {

    public GraderResult {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        if (!(score >= 0 && score <= 1)) throw new IllegalArgumentException("score must be in [0,1], got " + score);
    }
}

package io.benchmarkhub.domain.grading;

import java.util.Objects;

/** One judge's verdict on one output: a {@code score} in [0,1] and the judge's {@code rationale} (may be empty). */
public record JudgeVerdict(double score, String rationale) {

    public JudgeVerdict {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0,1], got " + score);
        }
        Objects.requireNonNull(rationale, "rationale");
    }
}

package io.benchmarkhub.domain.run;

import java.util.Objects;

/** One trial of a run: a case answered by a model, the {@code repeat}-th time (1-based). */
public record TrialKey(String caseId, String model, int repeat) {

    public TrialKey {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(model, "model");
        if (repeat < 1) throw new IllegalArgumentException("repeat is 1-based, got " + repeat);
    }

    @Override
    public String toString() {
        return caseId + " × " + model + " #" + repeat;
    }
}

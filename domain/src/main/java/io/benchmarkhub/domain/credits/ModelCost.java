package io.benchmarkhub.domain.credits;

import java.util.Objects;

/** What the calls of one model (candidate or judge) in a run cost the providers, in integer micro-dollars. */
public record ModelCost(String model, long apiCostMicros) {

    public ModelCost {
        Objects.requireNonNull(model, "model");
        if (apiCostMicros < 0) throw new IllegalArgumentException("cost must not be negative");
    }
}

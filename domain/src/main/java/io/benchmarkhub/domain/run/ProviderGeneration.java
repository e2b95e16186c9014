package io.benchmarkhub.domain.run;

import java.util.Objects;

/** One call a provider billed us for: its generation id and what it cost, in integer micro-dollars. */
public record ProviderGeneration(String generationId, long costMicros) {

    public ProviderGeneration {
        Objects.requireNonNull(generationId, "generationId");
        if (costMicros < 0) throw new IllegalArgumentException("cost must not be negative");
    }
}

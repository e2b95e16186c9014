package io.benchmarkhub.domain.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.benchmarkhub.domain.InvalidIdentifier;
import java.util.Objects;
import java.util.UUID;

/** Identifies a run. {@link #toString()} is the raw value because Axon uses it as the aggregate id. */
public record RunId(String value) {

    @JsonCreator
    public RunId {
        Objects.requireNonNull(value, "run id");
        if (value.isBlank()) throw new InvalidIdentifier("run id", value);
    }

    public static RunId generate() {
        return new RunId("run_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

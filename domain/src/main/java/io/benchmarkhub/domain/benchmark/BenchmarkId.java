package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.benchmarkhub.domain.InvalidIdentifier;
import java.util.Objects;
import java.util.UUID;

/** Identifies a benchmark. {@link #toString()} is the raw value because Axon uses it as the aggregate id. */
public record BenchmarkId(String value) {

    @JsonCreator
    public BenchmarkId {
        Objects.requireNonNull(value, "benchmark id");
        if (value.isBlank()) throw new InvalidIdentifier("benchmark id", value);
    }

    public static BenchmarkId generate() {
        return new BenchmarkId("bm_" + UUID.randomUUID().toString().replace("-", ""));
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

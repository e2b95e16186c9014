package io.benchmarkhub.domain.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.benchmarkhub.domain.InvalidIdentifier;
import java.util.Objects;
import java.util.UUID;

/** Identifies a user. Events carry this id, never an email or a handle. */
public record UserId(String value) {

    @JsonCreator
    public UserId {
        Objects.requireNonNull(value, "user id");
        if (value.isBlank()) throw new InvalidIdentifier("user id", value);
    }

    public static UserId generate() {
        return new UserId("usr_" + UUID.randomUUID().toString().replace("-", ""));
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

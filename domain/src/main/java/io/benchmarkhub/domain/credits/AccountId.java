package io.benchmarkhub.domain.credits;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.benchmarkhub.domain.user.UserId;
import java.util.Objects;

/** Identifies a credit account; today every user has exactly one, {@code acct_<user id>}. */
public record AccountId(String value) {

    private static final String PREFIX = "acct_";

    @JsonCreator
    public AccountId {
        Objects.requireNonNull(value, "account id");
        if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
            throw new IllegalArgumentException("an account id looks like acct_<user id>, not " + value);
        }
    }

    public static AccountId of(UserId user) {
        return new AccountId(PREFIX + user.value());
    }

    public UserId user() {
        return new UserId(value.substring(PREFIX.length()));
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

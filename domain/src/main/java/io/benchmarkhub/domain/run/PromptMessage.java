package io.benchmarkhub.domain.run;

import java.util.Objects;

/** One chat message of a rendered prompt: {@code role} is system, user or assistant. */
public record PromptMessage(String role, String content) {

    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}

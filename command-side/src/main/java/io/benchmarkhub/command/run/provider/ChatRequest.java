package io.benchmarkhub.command.run.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One chat completion to make.
 *
 * @param model       the model id as the caller names it ({@code openai/gpt-4o}, {@code ollama/llama3}, {@code sim/echo})
 * @param temperature null: the provider's default
 * @param maxTokens   null: the provider's default
 * @param apiKey      a BYOK key for this call only, or null to use the configured key; never logged, stored or printed
 *                    ({@link #toString()} redacts it)
 * @param timeout     how long to wait for the whole answer; null: the provider's configured timeout
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        Integer maxTokens,
        String apiKey,
        Duration timeout) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) throw new IllegalArgumentException("a chat request needs at least one message");
        if (maxTokens != null && maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive");
        if (timeout != null && (timeout.isNegative() || timeout.isZero()))
            throw new IllegalArgumentException("timeout must be positive");
        if (apiKey != null && apiKey.isBlank()) apiKey = null;
    }

    public static ChatRequest of(String model, List<ChatMessage> messages) {
        return new ChatRequest(model, messages, null, null, null, null);
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, messages, temperature, maxTokens, apiKey, timeout);
    }

    public ChatRequest withApiKey(String newApiKey) {
        return new ChatRequest(model, messages, temperature, maxTokens, newApiKey, timeout);
    }

    public ChatRequest withTimeout(Duration newTimeout) {
        return new ChatRequest(model, messages, temperature, maxTokens, apiKey, newTimeout);
    }

    /** The last user message's text, or empty when there is none. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) return messages.get(i).content();
        }
        return "";
    }

    @Override
    public String toString() {
        return "ChatRequest[model=" + model + ", messages=" + messages.size() + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + ", apiKey=" + (apiKey == null ? "none" : "<redacted>") + ", timeout="
                + timeout + "]";
    }
}

package io.benchmarkhub.command.run.provider;

import java.util.Objects;

/**
 * A model's answer.
 *
 * @param latencyMs        wall time of the call as the caller saw it (simulated models: the simulated latency)
 * @param costMicros       API cost in integer micro-dollars: the provider's reported cost when it gives one
 *                         (OpenRouter's {@code usage.cost}, dollars, converted exactly); otherwise
 *                         {@code promptTokens × prompt price + completionTokens × completion price} from the
 *                         model catalogue, rounded half-up once at the end; 0 when neither is known
 *                         (a local endpoint with no prices)
 * @param generationId     the provider's id for this generation (reconciliation), or null
 * @param simulated        true for {@code sim/...} models: never real, never ranked as real
 */
public record ChatResult(
        String output,
        long latencyMs,
        long promptTokens,
        long completionTokens,
        long costMicros,
        String generationId,
        boolean simulated) {

    public ChatResult {
        Objects.requireNonNull(output, "output");
        if (latencyMs < 0 || promptTokens < 0 || completionTokens < 0 || costMicros < 0) {
            throw new IllegalArgumentException("latency, tokens and cost must not be negative");
        }
    }
}

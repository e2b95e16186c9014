package io.benchmarkhub.command.run.provider;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.providers.*}: where model calls go (documented in application.yml).
 *
 * @param openrouter               every model id without a configured prefix goes here
 * @param openaiCompatible         named OpenAI-compatible endpoints; {@code <name>/<model>} goes to endpoint
 *                                 {@code <name>} as {@code <model>}
 * @param sim                      the offline simulated models, {@code sim/...}
 * @param requestTimeout           one whole model call, when the caller gives no timeout
 * @param connectTimeout           opening a connection
 * @param retry                    retries of rate-limited, failed and timed-out calls
 * @param increaseConcurrencyAfter successes in a row before a provider's narrowed concurrency limit grows by one
 */
@ConfigurationProperties("benchmarkhub.providers")
public record ProvidersProperties(
        @DefaultValue OpenRouter openrouter,
        Map<String, Endpoint> openaiCompatible,
        @DefaultValue Sim sim,
        @DefaultValue("120s") Duration requestTimeout,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue Retry retry,
        @DefaultValue("10") int increaseConcurrencyAfter) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public ProvidersProperties {
        Objects.requireNonNull(openrouter, "openrouter");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(retry, "retry");
        openaiCompatible = openaiCompatible == null ? Map.of() : Map.copyOf(new TreeMap<>(openaiCompatible));
        for (var entry : openaiCompatible.entrySet()) {
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("benchmarkhub.providers.openai-compatible: \"" + name
                        + "\" is not a provider name (lower-case letters, digits, '-' and '_')");
            }
            if (name.equals(SimulatedProvider.NAME) || name.equals(ProviderGateway.OPENROUTER)) {
                throw new IllegalArgumentException(
                        "benchmarkhub.providers.openai-compatible: \"" + name + "\" is reserved");
            }
            if (entry.getValue() == null
                    || entry.getValue().baseUrl() == null
                    || entry.getValue().baseUrl().isBlank()) {
                throw new IllegalArgumentException(
                        "benchmarkhub.providers.openai-compatible." + name + ".base-url must be set");
            }
        }
        positive(requestTimeout, "request-timeout");
        positive(connectTimeout, "connect-timeout");
        if (increaseConcurrencyAfter < 1)
            throw new IllegalArgumentException("benchmarkhub.providers.increase-concurrency-after must be at least 1");
    }

    /** OpenRouter; {@code api-key} usually from {@code OPENROUTER_API_KEY}. */
    public record OpenRouter(
            @DefaultValue("https://openrouter.ai/api/v1") String baseUrl,
            String apiKey,
            @DefaultValue("16") int maxConcurrency) {
        public OpenRouter {
            if (baseUrl == null || baseUrl.isBlank())
                throw new IllegalArgumentException("benchmarkhub.providers.openrouter.base-url must be set");
            atLeastOne(maxConcurrency, "openrouter.max-concurrency");
        }

        @Override
        public String toString() {
            return "OpenRouter[baseUrl=" + baseUrl + ", apiKey=" + redacted(apiKey) + ", maxConcurrency="
                    + maxConcurrency + "]";
        }
    }

    /** An OpenAI-compatible endpoint, e.g. Ollama at {@code http://localhost:11434/v1}; {@code api-key} optional. */
    public record Endpoint(
            String baseUrl,
            String apiKey,
            @DefaultValue("8") int maxConcurrency) {
        public Endpoint {
            atLeastOne(maxConcurrency, "openai-compatible.*.max-concurrency");
        }

        @Override
        public String toString() {
            return "Endpoint[baseUrl=" + baseUrl + ", apiKey=" + redacted(apiKey) + ", maxConcurrency=" + maxConcurrency
                    + "]";
        }
    }

    /**
     * @param enabled serve {@code sim/...} models
     * @param sleep   really wait the simulated latency (off: answers at once, for fast tests and benchmarks of the rest)
     */
    public record Sim(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("true") boolean sleep,
            @DefaultValue("64") int maxConcurrency) {
        public Sim {
            atLeastOne(maxConcurrency, "sim.max-concurrency");
        }
    }

    /**
     * @param maxAttempts   attempts in all, the first included
     * @param baseDelay     the backoff ceiling before the first retry; doubles each retry
     * @param maxDelay      the backoff ceiling never grows beyond this
     * @param maxRetryAfter a {@code Retry-After} longer than this ends the retries
     */
    public record Retry(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("500ms") Duration baseDelay,
            @DefaultValue("20s") Duration maxDelay,
            @DefaultValue("60s") Duration maxRetryAfter) {
        public Retry {
            atLeastOne(maxAttempts, "retry.max-attempts");
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        }
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("benchmarkhub.providers." + name + " must be positive");
        }
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) throw new IllegalArgumentException("benchmarkhub.providers." + name + " must be at least 1");
    }

    private static String redacted(String key) {
        return key == null || key.isBlank() ? "none" : "<redacted>";
    }
}

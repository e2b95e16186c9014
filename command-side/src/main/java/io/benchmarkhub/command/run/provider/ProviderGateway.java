package io.benchmarkhub.command.run.provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one door to model providers. A model id picks its provider by prefix:
 * <ul>
 *   <li>{@code sim/<model>} → the simulated provider, as {@code <model>};</li>
 *   <li>{@code <name>/<model>} where {@code <name>} is a configured OpenAI-compatible endpoint
 *       ({@code ollama/llama3}) → that endpoint, as {@code <model>};</li>
 *   <li>anything else ({@code openai/gpt-4o}, {@code openrouter/auto}) → OpenRouter, unchanged.</li>
 * </ul>
 * Each provider has its own {@link AdaptiveConcurrencyLimit}; {@link #completeWithRetries} runs a call
 * under it with the {@link RetryPolicy}, taking a permit per attempt (never holding one while backing off).
 */
public class ProviderGateway {

    public static final String OPENROUTER = "openrouter";
    private static final Logger log = LoggerFactory.getLogger(ProviderGateway.class);

    /** Where a model id goes: the provider and the id that provider knows it by. */
    public record Route(ModelProvider provider, String providerModelId) {
    }

    private final ModelProvider fallback;
    private final Map<String, ModelProvider> prefixed;
    private final boolean simConfigured;
    private final Map<String, AdaptiveConcurrencyLimit> limits;
    private final RetryPolicy retryPolicy;

    /**
     * @param fallback       the provider for ids without a configured prefix (OpenRouter)
     * @param prefixed       providers chosen by {@code <name>/} (the named endpoints, and sim when enabled)
     * @param maxConcurrency per provider name; a provider not listed gets 8
     */
    public ProviderGateway(ModelProvider fallback, List<ModelProvider> prefixed, Map<String, Integer> maxConcurrency,
                           int increaseConcurrencyAfter, RetryPolicy retryPolicy) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        var byName = new LinkedHashMap<String, ModelProvider>();
        for (ModelProvider provider : prefixed) {
            if (byName.put(provider.name(), provider) != null || provider.name().equals(fallback.name())) {
                throw new IllegalArgumentException("two providers are named " + provider.name());
            }
        }
        this.prefixed = Map.copyOf(byName);
        this.simConfigured = byName.containsKey(SimulatedProvider.NAME);
        var limitsByName = new LinkedHashMap<String, AdaptiveConcurrencyLimit>();
        limitsByName.put(fallback.name(), new AdaptiveConcurrencyLimit(maxConcurrency.getOrDefault(fallback.name(), 8), increaseConcurrencyAfter));
        for (String name : byName.keySet()) {
            limitsByName.put(name, new AdaptiveConcurrencyLimit(maxConcurrency.getOrDefault(name, 8), increaseConcurrencyAfter));
        }
        this.limits = Map.copyOf(limitsByName);
    }

    /** Routes the id and fails when its provider says it can never answer that model (e.g. {@code sim/nonsense}). */
    public Route routeKnown(String modelId) throws ProviderFailure {
        Route route = route(modelId);
        String unknown = route.provider().unknownModel(route.providerModelId());
        if (unknown != null) throw new ProviderFailure(ProviderFailure.Kind.CLIENT_ERROR, unknown);
        return route;
    }

    public Route route(String modelId) throws ProviderFailure {
        Objects.requireNonNull(modelId, "modelId");
        int slash = modelId.indexOf('/');
        if (slash > 0) {
            String prefix = modelId.substring(0, slash);
            ModelProvider provider = prefixed.get(prefix);
            String rest = modelId.substring(slash + 1);
            if (provider != null) {
                if (rest.isBlank()) throw new ProviderFailure(ProviderFailure.Kind.CLIENT_ERROR, "no model named after \"" + prefix + "/\"");
                return new Route(provider, rest);
            }
            if (prefix.equals(SimulatedProvider.NAME) && !simConfigured) {
                throw new ProviderFailure(ProviderFailure.Kind.CLIENT_ERROR,
                        "simulated models are switched off (benchmarkhub.providers.sim.enabled=false)");
            }
        }
        return new Route(fallback, modelId);
    }

    /** The name of the provider a model id goes to; its concurrency limit is {@link #limit(String)} of it. */
    public String providerOf(String modelId) throws ProviderFailure {
        return route(modelId).provider().name();
    }

    /** True when the model goes to the simulated provider; false when it goes to a real one, or nowhere. */
    public boolean simulated(String modelId) {
        try {
            return route(modelId).provider().simulated();
        } catch (ProviderFailure unroutable) {
            return false;
        }
    }

    /** True when calls to this model need a key from the caller, because its provider has none configured. */
    public boolean needsCallerKey(String modelId) throws ProviderFailure {
        return route(modelId).provider().needsCallerKey();
    }

    /** The model's prices as its provider last listed them; empty when unknown. */
    public Optional<CatalogueModel> price(String modelId) throws ProviderFailure {
        Route route = route(modelId);
        return route.provider().price(route.providerModelId());
    }

    /** One attempt, without limit or retries. */
    public ChatResult complete(ChatRequest request) throws ProviderFailure {
        Route route = route(request.model());
        return route.provider().complete(request.withModel(route.providerModelId()));
    }

    /** Attempts under the provider's concurrency limit, retried by the retry policy. */
    public ChatResult completeWithRetries(ChatRequest request, RetryPolicy.RetryListener listener) throws ProviderFailure {
        Route route = route(request.model());
        ChatRequest routed = request.withModel(route.providerModelId());
        AdaptiveConcurrencyLimit limit = limits.get(route.provider().name());
        return retryPolicy.execute(() -> {
            try {
                return limit.call(() -> route.provider().complete(routed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderFailure(ProviderFailure.Kind.CANCELLED, "cancelled while waiting for a " + route.provider().name() + " slot");
            }
        }, listener);
    }

    public AdaptiveConcurrencyLimit limit(String providerName) {
        AdaptiveConcurrencyLimit limit = limits.get(providerName);
        if (limit == null) throw new IllegalArgumentException("no provider named " + providerName);
        return limit;
    }

    /** Provider names: the fallback first, then the prefixed ones. */
    public List<String> providerNames() {
        var names = new ArrayList<String>();
        names.add(fallback.name());
        names.addAll(prefixed.keySet().stream().sorted().toList());
        return names;
    }

    /** One provider's catalogue, with ids as callers use them ({@code sim/echo}, {@code ollama/llama3}). */
    public List<CatalogueModel> models(String providerName) throws ProviderFailure {
        if (providerName.equals(fallback.name())) return fallback.models();
        ModelProvider provider = prefixed.get(providerName);
        if (provider == null) throw new IllegalArgumentException("no provider named " + providerName);
        return provider.models().stream().map(model -> model.withId(providerName + "/" + model.id())).toList();
    }

    /** Every provider's catalogue; a provider that cannot list its models is logged and left out. */
    public List<CatalogueModel> models() {
        var all = new ArrayList<CatalogueModel>();
        for (String name : providerNames()) {
            try {
                all.addAll(models(name));
            } catch (ProviderFailure failure) {
                log.warn("Could not read the model catalogue of {}: {}", name, failure.getMessage());
            }
        }
        return all;
    }
}

package io.benchmarkhub.command.run.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    public record Route(ModelProvider provider, String providerModelId) {}

    private final ModelProvider fallback;
    private final Map<String, ModelProvider> prefixed;
    private final boolean simConfigured;
    private final Map<String, AdaptiveConcurrencyLimit> limits;
    private final RetryPolicy retryPolicy;
    private final int increaseAfter;
    /** Per provider and BYOK key digest, and per provider and user: made on first use, on this instance. */
    private final java.util.concurrent.ConcurrentHashMap<String, AdaptiveConcurrencyLimit> keyLimits =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.ConcurrentHashMap<String, AdaptiveConcurrencyLimit> userLimits =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int callsPerUser = 32;
    private volatile int callsPerKey = 32;

    /**
     * @param fallback       the provider for ids without a configured prefix (OpenRouter)
     * @param prefixed       providers chosen by {@code <name>/} (the named endpoints, and sim when enabled)
     * @param maxConcurrency per provider name; a provider not listed gets 8
     */
    public ProviderGateway(
            ModelProvider fallback,
            List<ModelProvider> prefixed,
            Map<String, Integer> maxConcurrency,
            int increaseConcurrencyAfter,
            RetryPolicy retryPolicy) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.increaseAfter = increaseConcurrencyAfter;
        var byName = new LinkedHashMap<String, ModelProvider>();
        for (ModelProvider provider : prefixed) {
            if (byName.put(provider.name(), provider) != null || provider.name().equals(fallback.name())) {
                throw new IllegalArgumentException("two providers are named " + provider.name());
            }
        }
        this.prefixed = Map.copyOf(byName);
        this.simConfigured = byName.containsKey(SimulatedProvider.NAME);
        var limitsByName = new LinkedHashMap<String, AdaptiveConcurrencyLimit>();
        limitsByName.put(
                fallback.name(),
                new AdaptiveConcurrencyLimit(
                        maxConcurrency.getOrDefault(fallback.name(), 8), increaseConcurrencyAfter));
        for (String name : byName.keySet()) {
            limitsByName.put(
                    name, new AdaptiveConcurrencyLimit(maxConcurrency.getOrDefault(name, 8), increaseConcurrencyAfter));
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
                if (rest.isBlank())
                    throw new ProviderFailure(
                            ProviderFailure.Kind.CLIENT_ERROR, "no model named after \"" + prefix + "/\"");
                return new Route(provider, rest);
            }
            if (prefix.equals(SimulatedProvider.NAME) && !simConfigured) {
                throw new ProviderFailure(
                        ProviderFailure.Kind.CLIENT_ERROR,
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

    /** Attempts under the provider's concurrency limit, retried by the retry policy; no per-user limit. */
    public ChatResult completeWithRetries(ChatRequest request, RetryPolicy.RetryListener listener)
            throws ProviderFailure {
        return completeWithRetries(request, listener, null);
    }

    /**
     * Attempts retried by the retry policy, each under the limits that apply to it (docs/limits.md):
     * <ul>
     *   <li>a call with a BYOK key under that key's own adaptive limit ({@code calls-per-key}), then in one of the
     *       provider's slots; only the key's limit learns from the outcome, so its 429s never narrow the platform's;</li>
     *   <li>a call on the platform's key under the provider's shared limit and, when {@code userId} is given, first under
     *       that user's own limit on this provider ({@code calls-per-user}), so one user cannot take every slot.</li>
     * </ul>
     */
    public ChatResult completeWithRetries(ChatRequest request, RetryPolicy.RetryListener listener, String userId)
            throws ProviderFailure {
        Route route = route(request.model());
        ChatRequest routed = request.withModel(route.providerModelId());
        String provider = route.provider().name();
        AdaptiveConcurrencyLimit shared = limits.get(provider);
        boolean byok = request.apiKey() != null;
        AdaptiveConcurrencyLimit own = byok
                ? keyLimits.computeIfAbsent(
                        provider + " " + fingerprint(request.apiKey()),
                        k -> new AdaptiveConcurrencyLimit(callsPerKey, increaseAfter))
                : userId == null
                        ? null
                        : userLimits.computeIfAbsent(
                                provider + " " + userId,
                                k -> new AdaptiveConcurrencyLimit(callsPerUser, increaseAfter));
        return retryPolicy.execute(
                () -> {
                    try {
                        if (own == null)
                            return shared.call(() -> route.provider().complete(routed));
                        // a BYOK call still takes one of the provider's slots (max-concurrency protects the endpoint),
                        // but only its
                        // key's limit learns from its outcome: its 429s are about that key, not the platform's
                        return underBoth(
                                own, shared, !byok, () -> route.provider().complete(routed));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ProviderFailure(
                                ProviderFailure.Kind.CANCELLED,
                                "cancelled while waiting for a "
                                        + route.provider().name() + " slot");
                    }
                },
                listener);
    }

    /** One attempt under the user's limit and then the provider's; both learn from its outcome. */
    private static ChatResult underBoth(
            AdaptiveConcurrencyLimit outer,
            AdaptiveConcurrencyLimit inner,
            boolean innerLearns,
            ProviderCall<ChatResult> call)
            throws ProviderFailure, InterruptedException {
        AdaptiveConcurrencyLimit.Permit permit = outer.acquire();
        try {
            ChatResult result = innerLearns ? inner.call(call) : unlearned(inner, call);
            permit.success();
            return result;
        } catch (ProviderFailure failure) {
            if (failure.kind() == ProviderFailure.Kind.RATE_LIMITED) permit.rateLimited();
            else permit.ignored();
            throw failure;
        } catch (InterruptedException | RuntimeException | Error e) {
            permit.ignored();
            throw e;
        }
    }

    /** One attempt under a slot of {@code limit} that is given back without changing the limit, whatever the outcome. */
    private static ChatResult unlearned(AdaptiveConcurrencyLimit limit, ProviderCall<ChatResult> call)
            throws ProviderFailure, InterruptedException {
        AdaptiveConcurrencyLimit.Permit permit = limit.acquire();
        try {
            return call.call();
        } finally {
            permit.ignored();
        }
    }

    /** The adaptive limit of one BYOK key on a provider, once the key has been used on this instance. */
    public Optional<AdaptiveConcurrencyLimit> keyLimit(String providerName, String apiKey) {
        return Optional.ofNullable(keyLimits.get(providerName + " " + fingerprint(apiKey)));
    }

    /** The adaptive limit of one user's calls on the platform's key of a provider, once the user has called it here. */
    public Optional<AdaptiveConcurrencyLimit> userLimit(String providerName, String userId) {
        return Optional.ofNullable(userLimits.get(providerName + " " + userId));
    }

    /** Sets {@code calls-per-user} and {@code calls-per-key}; limits made before keep theirs. */
    public void fairUse(int callsPerUser, int callsPerKey) {
        if (callsPerUser < 1 || callsPerKey < 1)
            throw new IllegalArgumentException("calls per user and per key must be at least 1");
        this.callsPerUser = callsPerUser;
        this.callsPerKey = callsPerKey;
    }

    /** A BYOK key is held in memory by this digest only, never as itself. */
    private static String fingerprint(String apiKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        return provider.models().stream()
                .map(model -> model.withId(providerName + "/" + model.id()))
                .toList();
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

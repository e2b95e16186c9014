package io.benchmarkhub.command.run.provider;

import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.CANCELLED;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.CLIENT_ERROR;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.MALFORMED_RESPONSE;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.NETWORK;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.RATE_LIMITED;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.SERVER_ERROR;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.TIMEOUT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.credits.MicroDollars;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A provider that speaks the OpenAI chat-completions protocol: OpenRouter, OpenAI itself, Ollama,
 * vLLM, llama.cpp's server. Blocking, on {@link HttpClient}; safe to call from many virtual threads.
 * <p>
 * The whole call (headers and body) is bounded by the request's timeout, else the configured one:
 * {@link HttpRequest#timeout} alone would not bound a body that stalls after the headers.
 * The cost is OpenRouter's {@code usage.cost} when present (dollars, converted to micro-dollars
 * exactly, half-up), else the token counts priced from the last catalogue this provider read
 * ({@link #models()}; {@link #price} reads it on first use when no scheduled refresh has run on this node), else 0.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

    /** Longest provider error text quoted in a failure message. */
    private static final int QUOTED_ERROR_CHARS = 300;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * @param name                 the provider's name, used in messages and as {@link CatalogueModel#provider()}
     * @param baseUrl              e.g. {@code https://openrouter.ai/api/v1} or {@code http://localhost:11434/v1}
     * @param apiKey               the configured key, or null/blank for none
     * @param missingKeyHint       when not null, a call with no key at all fails with this hint instead of
     *                             being sent without {@code Authorization} (OpenRouter needs a key; Ollama does not)
     * @param openRouterExtensions ask for {@code usage.cost} ({@code "usage": {"include": true}}) and send the
     *                             app title; plain OpenAI rejects unknown request fields, so only for OpenRouter
     * @param timeout              for a whole call when the request names none
     */
    public record Settings(
            String name,
            String baseUrl,
            String apiKey,
            String missingKeyHint,
            boolean openRouterExtensions,
            Duration timeout) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(timeout, "timeout");
            baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            URI.create(baseUrl);
            if (apiKey != null && apiKey.isBlank()) apiKey = null;
        }

        @Override
        public String toString() {
            return "Settings[name=" + name + ", baseUrl=" + baseUrl + ", apiKey="
                    + (apiKey == null ? "none" : "<redacted>") + "]";
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final URI completions;
    private final URI modelsUri;
    private static final Duration CATALOGUE_RETRY = Duration.ofMinutes(1);
    /** How often at most a model missing from this node's catalogue makes it read the catalogue again. */
    private static final Duration UNKNOWN_MODEL_REREAD = Duration.ofSeconds(10);

    /** Every model of the last catalogue read, by id; null until one was read. */
    private volatile Map<String, CatalogueModel> catalogue;

    private final ReentrantLock catalogueRead = new ReentrantLock();
    private long lastCatalogueAttempt = System.nanoTime() - CATALOGUE_RETRY.toNanos() - 1;
    private long lastUnknownModelRead = System.nanoTime() - UNKNOWN_MODEL_REREAD.toNanos() - 1;

    public OpenAiCompatibleProvider(Settings settings, HttpClient http, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.completions = URI.create(settings.baseUrl() + "/chat/completions");
        this.modelsUri = URI.create(settings.baseUrl() + "/models");
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public Optional<CatalogueModel> price(String model) {
        CatalogueModel known = catalogue().get(model);
        return Optional.ofNullable(known != null ? known : reread(model));
    }

    /**
     * A model this node's catalogue lacks may be one that appeared since: the scheduled refresh, which records it, ran on
     * another node (a watcher's run of a new model is then started wherever its claim lands). The catalogue is read again,
     * at most once every {@link #UNKNOWN_MODEL_REREAD}, so ids that exist nowhere cannot make this node hammer the provider.
     */
    private CatalogueModel reread(String model) {
        catalogueRead.lock();
        try {
            if (System.nanoTime() - lastUnknownModelRead <= UNKNOWN_MODEL_REREAD.toNanos()) return null;
            lastUnknownModelRead = System.nanoTime();
            models();
        } catch (ProviderFailure failure) {
            // still unknown: a CREDITS run of it is refused
        } finally {
            catalogueRead.unlock();
        }
        Map<String, CatalogueModel> known = catalogue;
        return known == null ? null : known.get(model);
    }

    public boolean hasConfiguredKey() {
        return settings.apiKey() != null;
    }

    @Override
    public boolean needsCallerKey() {
        return settings.apiKey() == null && settings.missingKeyHint() != null;
    }

    @Override
    public ChatResult complete(ChatRequest request) throws ProviderFailure {
        String key = request.apiKey() != null ? request.apiKey() : settings.apiKey();
        if (key == null && settings.missingKeyHint() != null) {
            throw new ProviderFailure(CLIENT_ERROR, "no API key for " + name() + "; " + settings.missingKeyHint());
        }
        Duration timeout = request.timeout() != null ? request.timeout() : settings.timeout();
        HttpRequest httpRequest = builder(completions, key, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request), StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = send(httpRequest, timeout, key);
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        failOnErrorStatus(response, key);
        JsonNode root = parse(response.body(), key);
        failOnErrorBody(root, key);
        String output = content(root);
        JsonNode usage = root.path("usage");
        long promptTokens = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long completionTokens = Math.max(0, usage.path("completion_tokens").asLong(0));
        long cost = reportedCostMicros(usage).orElseGet(() -> {
            // the catalogue as read so far: a CREDITS run's calls asked for the price (and so read it) before they were
            // sent
            Map<String, CatalogueModel> known = catalogue;
            CatalogueModel model = known == null ? null : known.get(request.model());
            return model == null ? 0 : model.costMicros(promptTokens, completionTokens);
        });
        String generationId = root.path("id").isTextual() ? root.path("id").asText() : null;
        return new ChatResult(output, latencyMs, promptTokens, completionTokens, cost, generationId, false);
    }

    @Override
    public List<CatalogueModel> models() throws ProviderFailure {
        String key = settings.apiKey();
        HttpRequest httpRequest =
                builder(modelsUri, key, settings.timeout()).GET().build();
        HttpResponse<String> response = send(httpRequest, settings.timeout(), key);
        failOnErrorStatus(response, key);
        JsonNode data = parse(response.body(), key).path("data");
        if (!data.isArray())
            throw failure(MALFORMED_RESPONSE, name() + " listed no models (no \"data\" array)", null, key);
        List<CatalogueModel> models = new ArrayList<>();
        for (JsonNode entry : data) {
            if (!entry.path("id").isTextual() || entry.path("id").asText().isBlank()) continue;
            JsonNode pricing = entry.path("pricing");
            JsonNode context = entry.path("context_length");
            JsonNode maxCompletion = entry.path("top_provider").path("max_completion_tokens");
            models.add(new CatalogueModel(
                    entry.path("id").asText(),
                    name(),
                    pricing.hasNonNull("prompt")
                            ? CatalogueModel.microsPerMillionTokens(
                                    pricing.get("prompt").asText())
                            : null,
                    pricing.hasNonNull("completion")
                            ? CatalogueModel.microsPerMillionTokens(
                                    pricing.get("completion").asText())
                            : null,
                    context.canConvertToInt() && context.asInt() > 0 ? context.asInt() : null,
                    false,
                    maxCompletion.canConvertToInt() && maxCompletion.asInt() > 0 ? maxCompletion.asInt() : null));
        }
        catalogue = models.stream()
                .collect(Collectors.toUnmodifiableMap(CatalogueModel::id, Function.identity(), (a, b) -> a));
        return List.copyOf(models);
    }

    /**
     * The catalogue this provider last read. The scheduled refresh runs on one node of a cluster, so a node that has
     * not read it yet reads it now, at most once a minute while the provider cannot be reached: prices bound and cost
     * every call of a CREDITS run, on whichever node executes it.
     */
    private Map<String, CatalogueModel> catalogue() {
        Map<String, CatalogueModel> known = catalogue;
        if (known != null) return known;
        catalogueRead.lock();
        try {
            if (catalogue == null && System.nanoTime() - lastCatalogueAttempt > CATALOGUE_RETRY.toNanos()) {
                lastCatalogueAttempt = System.nanoTime();
                models();
            }
        } catch (ProviderFailure failure) {
            // unknown prices: a CREDITS run is refused, or stops before a call it cannot bound
        } finally {
            catalogueRead.unlock();
        }
        return catalogue == null ? Map.of() : catalogue;
    }

    private HttpRequest.Builder builder(URI uri, String key, Duration timeout) {
        var builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // plain-text HTTP/2 would mean an h2c upgrade, which local servers (Ollama, llama.cpp) handle badly
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (key != null) builder.header("Authorization", "Bearer " + key);
        if (settings.openRouterExtensions()) builder.header("X-Title", "BenchmarkHub");
        return builder;
    }

    private String body(ChatRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model());
        var messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        if (request.temperature() != null) body.put("temperature", request.temperature());
        if (request.maxTokens() != null) body.put("max_tokens", request.maxTokens());
        body.put("stream", false);
        if (settings.openRouterExtensions()) body.putObject("usage").put("include", true);
        return body.toString();
    }

    private HttpResponse<String> send(HttpRequest request, Duration timeout, String key) throws ProviderFailure {
        CompletableFuture<HttpResponse<String>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw failure(TIMEOUT, name() + " gave no complete answer within " + timeout.toMillis() + " ms", null, key);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(CANCELLED, "the call to " + name() + " was cancelled", null, key);
        } catch (CancellationException e) {
            throw failure(CANCELLED, "the call to " + name() + " was cancelled", null, key);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw failure(TIMEOUT, name() + " gave no answer within " + timeout.toMillis() + " ms", null, key);
            }
            String detail = cause == null
                    ? "unknown"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            throw failure(NETWORK, "could not reach " + name() + ": " + detail, null, key);
        }
    }

    private void failOnErrorStatus(HttpResponse<String> response, String key) throws ProviderFailure {
        int status = response.statusCode();
        if (status >= 200 && status < 300) return;
        String quoted = errorText(response.body());
        String message = name() + " answered " + status + (quoted.isEmpty() ? "" : ": " + quoted);
        Duration retryAfter = response.headers()
                .firstValue("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, clock))
                .orElse(null);
        ProviderFailure.Kind kind;
        if (status == 429) kind = RATE_LIMITED;
        else if (status == 408) kind = TIMEOUT;
        else if (status >= 500) kind = SERVER_ERROR;
        else if (status >= 400) kind = CLIENT_ERROR;
        else kind = MALFORMED_RESPONSE;
        throw new ProviderFailure(
                kind, ProviderFailure.redact(message, key, settings.apiKey()), status, retryAfter, null);
    }

    /** OpenRouter reports some upstream failures as {@code {"error": {...}}} with status 200. */
    private void failOnErrorBody(JsonNode root, String key) throws ProviderFailure {
        JsonNode error = root.get("error");
        if (error == null || error.isNull() || root.has("choices")) return;
        int code = error.path("code").canConvertToInt() ? error.path("code").asInt() : 0;
        ProviderFailure.Kind kind = code == 429
                ? RATE_LIMITED
                : code == 408 ? TIMEOUT : code >= 400 && code < 500 ? CLIENT_ERROR : SERVER_ERROR;
        String message =
                name() + " reported an error" + (code == 0 ? "" : " " + code) + ": " + errorText(root.toString());
        throw new ProviderFailure(
                kind, ProviderFailure.redact(message, key, settings.apiKey()), code == 0 ? null : code, null, null);
    }

    private JsonNode parse(String body, String key) throws ProviderFailure {
        if (body == null || body.isBlank())
            throw failure(MALFORMED_RESPONSE, name() + " answered with an empty body", null, key);
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject())
                throw failure(MALFORMED_RESPONSE, name() + " answered with JSON that is not an object", null, key);
            return root;
        } catch (JsonProcessingException e) {
            throw failure(MALFORMED_RESPONSE, name() + " answered with a body that is not JSON", null, key);
        }
    }

    private String content(JsonNode root) throws ProviderFailure {
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new ProviderFailure(MALFORMED_RESPONSE, name() + " answered without choices");
        }
        JsonNode content = choices.get(0).path("message").path("content");
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            // content parts: keep the text ones
            var text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) text.append(part.path("text").asText());
            }
            return text.toString();
        }
        String finish = choices.get(0).path("finish_reason").asText("");
        throw new ProviderFailure(
                MALFORMED_RESPONSE,
                name() + " answered without message content"
                        + (finish.isEmpty() ? "" : " (finish_reason " + finish + ")"));
    }

    private static Optional<Long> reportedCostMicros(JsonNode usage) {
        JsonNode cost = usage.get("cost");
        if (cost == null || !cost.isNumber()) return Optional.empty();
        BigDecimal dollars = cost.decimalValue();
        if (dollars.signum() < 0) return Optional.empty();
        return Optional.of(MicroDollars.fromDollars(dollars));
    }

    /** The provider's own error message when the body has one ({@code {"error": {"message": ...}}}), else the body's start. */
    private static String errorText(String body) {
        if (body == null || body.isBlank()) return "";
        String text = body.strip();
        try {
            JsonNode root = JSON.readTree(text);
            JsonNode message = root.path("error").path("message");
            if (message.isTextual()) text = message.asText();
            else if (root.path("error").isTextual()) text = root.path("error").asText();
        } catch (JsonProcessingException e) {
            // not JSON: quote the start of the text
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() <= QUOTED_ERROR_CHARS ? text : text.substring(0, QUOTED_ERROR_CHARS) + "…";
    }

    private ProviderFailure failure(ProviderFailure.Kind kind, String message, Integer status, String key) {
        return new ProviderFailure(kind, ProviderFailure.redact(message, key, settings.apiKey()), status, null, null);
    }
}

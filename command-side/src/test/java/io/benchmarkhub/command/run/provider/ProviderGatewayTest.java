package io.benchmarkhub.command.run.provider;

import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.delayed;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.echo;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.hang;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.rateLimited;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.reply;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.serverError;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.times;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

class ProviderGatewayTest {

    private static final String KEY = "sk-or-v1-gateway-test-key";

    private FakeOpenRouterServer openrouter;
    private FakeOpenRouterServer ollama;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        openrouter = new FakeOpenRouterServer();
        ollama = new FakeOpenRouterServer();
    }

    @AfterEach
    void stop() {
        openrouter.close();
        ollama.close();
    }

    static ProvidersProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("benchmarkhub.providers", ProvidersProperties.class);
    }

    private Map<String, String> settings(String openRouterKey) {
        var map = new HashMap<String, String>();
        map.put("benchmarkhub.providers.openrouter.base-url", openrouter.baseUrl());
        if (openRouterKey != null) map.put("benchmarkhub.providers.openrouter.api-key", openRouterKey);
        map.put("benchmarkhub.providers.openai-compatible.ollama.base-url", ollama.baseUrl());
        map.put("benchmarkhub.providers.retry.max-attempts", "4");
        return map;
    }

    private ProviderGateway gateway(Map<String, String> settings) {
        return ProviderConfiguration.gateway(bind(settings), Clock.systemUTC(), slept::add);
    }

    private static ChatRequest ask(String model, String question) {
        return ChatRequest.of(model, List.of(ChatMessage.user(question)));
    }

    @Test
    void properties_have_working_defaults() {
        var properties = bind(Map.of());
        assertThat(properties.openrouter().baseUrl()).isEqualTo("https://openrouter.ai/api/v1");
        assertThat(properties.openrouter().apiKey()).isNull();
        assertThat(properties.openrouter().maxConcurrency()).isEqualTo(16);
        assertThat(properties.openaiCompatible()).isEmpty();
        assertThat(properties.sim().enabled()).isTrue();
        assertThat(properties.sim().sleep()).isTrue();
        assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.retry())
                .isEqualTo(new ProvidersProperties.Retry(
                        4, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60)));
        assertThat(properties.increaseConcurrencyAfter()).isEqualTo(10);
    }

    @Test
    void named_endpoints_bind_from_relaxed_names_and_never_print_their_keys() {
        var properties = bind(Map.of(
                "benchmarkhub.providers.openai-compatible.vllm.base-url", "http://gpu-box:8000/v1",
                "benchmarkhub.providers.openai-compatible.vllm.api-key", "secret-vllm-key",
                "benchmarkhub.providers.openai-compatible.vllm.max-concurrency", "4",
                "benchmarkhub.providers.openrouter.api-key", KEY));
        assertThat(properties.openaiCompatible().get("vllm"))
                .isEqualTo(new ProvidersProperties.Endpoint("http://gpu-box:8000/v1", "secret-vllm-key", 4));
        assertThat(properties.toString()).doesNotContain("secret-vllm-key").doesNotContain(KEY);
    }

    @Test
    void reserved_or_incomplete_endpoint_names_are_refused_at_startup() {
        assertThatThrownBy(() -> bind(Map.of("benchmarkhub.providers.openai-compatible.sim.base-url", "http://x/v1")))
                .hasRootCauseMessage("benchmarkhub.providers.openai-compatible: \"sim\" is reserved");
        assertThatThrownBy(() -> bind(Map.of("benchmarkhub.providers.openai-compatible.ollama.api-key", "k")))
                .hasRootCauseMessage("benchmarkhub.providers.openai-compatible.ollama.base-url must be set");
    }

    @Test
    void the_spring_configuration_builds_the_gateway_from_properties() throws Exception {
        try (var context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "test",
                            Map.of(
                                    "benchmarkhub.providers.openai-compatible.ollama.base-url",
                                    ollama.baseUrl(),
                                    "benchmarkhub.providers.sim.sleep",
                                    "false")));
            context.register(ProviderConfiguration.class);
            context.refresh();
            var gateway = context.getBean(ProviderGateway.class);
            assertThat(gateway.providerNames()).containsExactly("openrouter", "ollama", "sim");
            assertThat(gateway.complete(ask("sim/upper", "wired")).output()).isEqualTo("WIRED");
        }
    }

    @Test
    void model_ids_route_by_prefix() throws Exception {
        var gateway = gateway(settings(KEY));
        assertThat(route(gateway, "sim/echo")).isEqualTo("sim:echo");
        assertThat(route(gateway, "ollama/llama3:8b")).isEqualTo("ollama:llama3:8b");
        assertThat(route(gateway, "openai/gpt-4o")).isEqualTo("openrouter:openai/gpt-4o");
        assertThat(route(gateway, "openrouter/auto")).isEqualTo("openrouter:openrouter/auto");
        assertThat(route(gateway, "gpt-4o")).isEqualTo("openrouter:gpt-4o");
        assertThat(gateway.simulated("sim/judge")).isTrue();
        assertThat(gateway.simulated("openai/gpt-4o")).isFalse();
        assertThat(gateway.providerNames()).containsExactly("openrouter", "ollama", "sim");
    }

    private static String route(ProviderGateway gateway, String model) throws ProviderFailure {
        var route = gateway.route(model);
        return route.provider().name() + ":" + route.providerModelId();
    }

    @Test
    void a_named_endpoint_gets_the_model_without_its_prefix() throws Exception {
        ollama.script(reply("hi from ollama"));
        var result = gateway(settings(KEY)).complete(ask("ollama/llama3", "hello"));
        assertThat(result.output()).isEqualTo("hi from ollama");
        assertThat(ollama.requests().getFirst().body().path("model").asText()).isEqualTo("llama3");
        assertThat(ollama.requests().getFirst().authorization()).isNull();
        assertThat(openrouter.requestCount()).isZero();
    }

    @Test
    void sim_models_answer_offline() throws Exception {
        var result = gateway(settings(null)).complete(ask("sim/echo", "offline"));
        assertThat(result.output()).isEqualTo("offline");
        assertThat(result.simulated()).isTrue();
    }

    @Test
    void an_unprefixed_model_without_any_openrouter_key_fails_clearly() {
        var failure = catchThrowableOfType(
                ProviderFailure.class,
                () -> gateway(settings(null))
                        .completeWithRetries(ask("openai/gpt-4o", "q"), RetryPolicy.RetryListener.NONE));
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.CLIENT_ERROR);
        assertThat(failure.getMessage())
                .isEqualTo("no API key for openrouter; set OPENROUTER_API_KEY or send X-Provider-Key");
        assertThat(openrouter.requestCount()).isZero();
    }

    @Test
    void a_byok_key_makes_openrouter_usable_without_a_configured_key() throws Exception {
        gateway(settings(null)).complete(ask("openai/gpt-4o", "q").withApiKey("sk-byok-for-this-run"));
        assertThat(openrouter.requests().getFirst().authorization()).isEqualTo("Bearer sk-byok-for-this-run");
    }

    @Test
    void sim_switched_off_refuses_sim_models_instead_of_sending_them_to_openrouter() {
        var settings = settings(KEY);
        settings.put("benchmarkhub.providers.sim.enabled", "false");
        var failure = catchThrowableOfType(
                ProviderFailure.class, () -> gateway(settings).complete(ask("sim/echo", "q")));
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.CLIENT_ERROR);
        assertThat(failure.getMessage()).contains("sim.enabled=false");
        assertThat(openrouter.requestCount()).isZero();
    }

    @Test
    void rate_limits_server_errors_and_timeouts_are_retried_over_http_until_an_answer_comes() throws Exception {
        var settings = settings(KEY);
        settings.put("benchmarkhub.providers.request-timeout", "300ms");
        openrouter.script(rateLimited("2"), serverError(), hang(), reply("finally"));
        var retries = new ArrayList<String>();
        var result = gateway(settings)
                .completeWithRetries(
                        ask("openai/gpt-4o", "q"),
                        (attempt, failure, wait) -> retries.add(failure.kind().name()));
        assertThat(result.output()).isEqualTo("finally");
        assertThat(openrouter.requestCount()).isEqualTo(4);
        assertThat(retries).containsExactly("RATE_LIMITED", "SERVER_ERROR", "TIMEOUT");
        // the first wait honours Retry-After: 2, longer than the 500 ms backoff ceiling
        assertThat(slept.getFirst()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retries_give_up_after_max_attempts_with_the_last_failure() {
        openrouter.otherwise(serverError());
        var failure = catchThrowableOfType(
                ProviderFailure.class,
                () -> gateway(settings(KEY))
                        .completeWithRetries(ask("openai/gpt-4o", "q"), RetryPolicy.RetryListener.NONE));
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.SERVER_ERROR);
        assertThat(failure.getSuppressed()).hasSize(3);
        assertThat(openrouter.requestCount()).isEqualTo(4);
    }

    @Test
    void a_rate_limited_provider_narrows_only_its_own_limit() throws Exception {
        var gateway = gateway(settings(KEY));
        openrouter.script(times(1, rateLimited("0")).toArray(FakeOpenRouterServer.Behaviour[]::new));
        gateway.completeWithRetries(ask("openai/gpt-4o", "q"), RetryPolicy.RetryListener.NONE);
        assertThat(gateway.limit("openrouter").limit()).isEqualTo(8);
        assertThat(gateway.limit("ollama").limit()).isEqualTo(8);
        assertThat(gateway.limit("sim").limit()).isEqualTo(64);
    }

    @Test
    void concurrent_calls_never_exceed_the_providers_limit_on_the_wire() throws Exception {
        var settings = settings(KEY);
        settings.put("benchmarkhub.providers.openai-compatible.ollama.max-concurrency", "3");
        var gateway = gateway(settings);
        ollama.otherwise(delayed(Duration.ofMillis(20), echo()));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResult>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String question = "q" + i;
                futures.add(threads.submit((Callable<ChatResult>) () ->
                        gateway.completeWithRetries(ask("ollama/llama3", question), RetryPolicy.RetryListener.NONE)));
            }
            for (int i = 0; i < 24; i++)
                assertThat(futures.get(i).get().output()).isEqualTo("echo: q" + i);
        }
        assertThat(ollama.requestCount()).isEqualTo(24);
        assertThat(ollama.maxInFlight()).isBetween(1, 3);
    }

    @Test
    void the_catalogue_lists_every_provider_with_routable_ids() {
        ollama.models("{\"object\": \"list\", \"data\": [{\"id\": \"llama3\", \"object\": \"model\"}]}");
        var models = gateway(settings(KEY)).models();
        assertThat(models)
                .extracting(CatalogueModel::id)
                .contains("openai/gpt-4o", "openrouter/auto", "ollama/llama3", "sim/echo", "sim/judge");
        assertThat(models)
                .filteredOn(m -> m.id().equals("ollama/llama3"))
                .singleElement()
                .satisfies(m -> assertThat(m.provider()).isEqualTo("ollama"));
    }

    @Test
    void a_provider_whose_catalogue_fails_is_left_out_of_the_whole() {
        ollama.close();
        var models = gateway(settings(KEY)).models();
        assertThat(models)
                .extracting(CatalogueModel::provider)
                .contains("openrouter", "sim")
                .doesNotContain("ollama");
    }

    @Test
    void a_byok_keys_429s_narrow_only_that_keys_limit_and_never_the_platforms() throws Exception {
        var gateway = gateway(settings(KEY));
        gateway.fairUse(4, 4);
        openrouter.script(rateLimited("0"), reply("after a 429"));

        var result = gateway.completeWithRetries(
                ask("openai/gpt-4o", "q").withApiKey("sk-byok-one"), RetryPolicy.RetryListener.NONE, "usr_a");

        assertThat(result.output()).isEqualTo("after a 429");
        assertThat(gateway.keyLimit("openrouter", "sk-byok-one").orElseThrow().limit())
                .isLessThan(4);
        assertThat(gateway.limit("openrouter").limit())
                .as("the platform's limit is untouched")
                .isEqualTo(16);
        assertThat(gateway.keyLimit("openrouter", "sk-byok-two")).isEmpty();
        assertThat(gateway.userLimit("openrouter", "usr_a"))
                .as("a BYOK call does not count on the platform's key")
                .isEmpty();
        assertThat(gateway.limit("openrouter").inFlight())
                .as("the provider slot it took is given back")
                .isZero();
    }

    @Test
    void byok_calls_still_respect_the_endpoints_max_concurrency() throws Exception {
        var settings = settings(KEY);
        settings.put("benchmarkhub.providers.openai-compatible.ollama.max-concurrency", "2");
        var gateway = gateway(settings);
        gateway.fairUse(32, 8);
        ollama.otherwise(delayed(Duration.ofMillis(20), echo()));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResult>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String question = "q" + i;
                futures.add(threads.submit((Callable<ChatResult>) () -> gateway.completeWithRetries(
                        ask("ollama/llama3", question).withApiKey("sk-own"), RetryPolicy.RetryListener.NONE, "usr_k")));
            }
            for (int i = 0; i < 10; i++)
                assertThat(futures.get(i).get().output()).isEqualTo("echo: q" + i);
        }
        assertThat(ollama.maxInFlight()).isBetween(1, 2);
    }

    @Test
    void one_user_has_at_most_calls_per_user_in_flight_on_the_platforms_key() throws Exception {
        var gateway = gateway(settings(KEY));
        gateway.fairUse(2, 4);
        openrouter.otherwise(delayed(Duration.ofMillis(20), echo()));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResult>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String question = "q" + i;
                futures.add(threads.submit((Callable<ChatResult>) () -> gateway.completeWithRetries(
                        ask("openai/gpt-4o", question), RetryPolicy.RetryListener.NONE, "usr_busy")));
            }
            for (int i = 0; i < 12; i++)
                assertThat(futures.get(i).get().output()).isEqualTo("echo: q" + i);
        }
        assertThat(openrouter.requestCount()).isEqualTo(12);
        assertThat(openrouter.maxInFlight())
                .as("16 platform slots, but this user may hold 2")
                .isBetween(1, 2);
        assertThat(gateway.userLimit("openrouter", "usr_busy").orElseThrow().max())
                .isEqualTo(2);
    }
}

package io.benchmarkhub.command.run.provider;

import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.completion;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.delayed;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.emptyBody;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.errorEchoingAuthorization;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.hang;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.malformedJson;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.missingChoices;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.missingContent;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.randomLatency;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.rateLimited;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.reply;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.serverError;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.status;
import static io.benchmarkhub.command.run.provider.FakeOpenRouterServer.withTokens;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.CLIENT_ERROR;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.MALFORMED_RESPONSE;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.NETWORK;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.RATE_LIMITED;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.SERVER_ERROR;
import static io.benchmarkhub.command.run.provider.ProviderFailure.Kind.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiCompatibleProviderTest {

    private static final String CONFIGURED_KEY = "sk-or-v1-configured-0123456789abcdef";
    private static final String BYOK_KEY = "sk-or-v1-byok-fedcba9876543210";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FakeOpenRouterServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeOpenRouterServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiCompatibleProvider openRouter(String configuredKey) {
        return provider(server.baseUrl(), configuredKey, ProviderConfiguration.MISSING_OPENROUTER_KEY_HINT, true);
    }

    private static OpenAiCompatibleProvider provider(String baseUrl, String key, String hint, boolean openRouter) {
        return new OpenAiCompatibleProvider(
                new OpenAiCompatibleProvider.Settings(
                        "openrouter", baseUrl, key, hint, openRouter, Duration.ofSeconds(10)),
                HTTP,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ChatRequest ask(String question) {
        return ChatRequest.of("openai/gpt-4o", List.of(ChatMessage.system("Be brief."), ChatMessage.user(question)));
    }

    private ProviderFailure failureOf(OpenAiCompatibleProvider provider, ChatRequest request) {
        return catchThrowableOfType(ProviderFailure.class, () -> provider.complete(request));
    }

    @Test
    void a_completion_returns_content_tokens_generation_id_and_latency() throws Exception {
        server.script(completion("Paris", null));
        var result = openRouter(CONFIGURED_KEY).complete(ask("Capital of France?"));
        assertThat(result.output()).isEqualTo("Paris");
        assertThat(result.promptTokens()).isEqualTo(10);
        assertThat(result.completionTokens()).isEqualTo(5);
        assertThat(result.generationId()).startsWith("gen-");
        assertThat(result.latencyMs()).isNotNegative();
        assertThat(result.simulated()).isFalse();
    }

    @Test
    void the_request_is_an_openai_chat_completion_with_openrouter_usage_accounting() throws Exception {
        var request = new ChatRequest(
                "openai/gpt-4o", List.of(ChatMessage.system("sys"), ChatMessage.user("q")), 0.2, 64, null, null);
        openRouter(CONFIGURED_KEY).complete(request);
        var recorded = server.requests().getFirst();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/api/v1/chat/completions");
        assertThat(recorded.body().path("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(recorded.body().path("messages").toString())
                .isEqualTo("[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"q\"}]");
        assertThat(recorded.body().path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(recorded.body().path("max_tokens").asInt()).isEqualTo(64);
        assertThat(recorded.body().path("stream").asBoolean(true)).isFalse();
        assertThat(recorded.body().path("usage").path("include").asBoolean()).isTrue();
    }

    @Test
    void a_plain_openai_compatible_endpoint_gets_no_openrouter_fields_and_no_defaults_it_did_not_ask_for()
            throws Exception {
        provider(server.baseUrl(), null, null, false)
                .complete(ChatRequest.of("llama3", List.of(ChatMessage.user("q"))));
        var body = server.requests().getFirst().body();
        assertThat(body.has("usage")).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void openrouters_usage_cost_in_dollars_becomes_exact_micro_dollars_rounded_half_up() throws Exception {
        var provider = openRouter(CONFIGURED_KEY);
        server.script(
                completion("a", "0.00012345"),
                completion("b", "0.0000015"),
                completion("c", "0.0000014999"),
                completion("d", "1.5"),
                completion("e", "0"));
        assertThat(provider.complete(ask("1")).costMicros()).isEqualTo(123); // 123.45
        assertThat(provider.complete(ask("2")).costMicros()).isEqualTo(2); // 1.5 → 2
        assertThat(provider.complete(ask("3")).costMicros()).isEqualTo(1); // 1.4999 → 1
        assertThat(provider.complete(ask("4")).costMicros()).isEqualTo(1_500_000);
        assertThat(provider.complete(ask("5")).costMicros()).isZero();
    }

    @Test
    void without_a_reported_cost_the_catalogue_prices_the_tokens() throws Exception {
        var provider = openRouter(CONFIGURED_KEY);
        server.script(withTokens("before the catalogue is read", 1000, 500), withTokens("after", 1000, 500));
        assertThat(provider.complete(ask("q")).costMicros()).isZero();
        provider.models();
        // gpt-4o: $2.50 and $10 per million tokens → 1000 × 2.5 + 500 × 10 = 7,500 micro-dollars
        assertThat(provider.complete(ask("q")).costMicros()).isEqualTo(7_500);
    }

    @Test
    void the_catalogue_reads_ids_prices_context_lengths_and_completion_limits() throws Exception {
        var models = openRouter(null).models();
        assertThat(models)
                .containsExactly(
                        new CatalogueModel(
                                "openai/gpt-4o", "openrouter", 2_500_000L, 10_000_000L, 128_000, false, 16_384),
                        new CatalogueModel(
                                "meta-llama/llama-3.1-8b-instruct",
                                "openrouter",
                                20_000L,
                                50_000L,
                                131_072,
                                false,
                                256),
                        new CatalogueModel("openrouter/auto", "openrouter", null, null, 2_000_000, false),
                        new CatalogueModel("local/unpriced", "openrouter", null, null, null, false));
        assertThat(server.requests().getFirst().path()).isEqualTo("/api/v1/models");
        assertThat(server.requests().getFirst().authorization()).isNull();
    }

    @Test
    void a_model_missing_from_the_catalogue_read_earlier_makes_it_read_again_at_most_once_in_ten_seconds()
            throws Exception {
        var provider = openRouter(null);
        provider.models();
        // another node's sync saw the new model; this node's catalogue is from before it
        server.models("""
                {"data": [{"id": "acme/new-model", "pricing": {"prompt": "0.000001", "completion": "0.000002"}, "context_length": 8192}]}""");
        assertThat(provider.price("acme/new-model"))
                .map(CatalogueModel::promptMicrosPerMillionTokens)
                .contains(1_000_000L);
        assertThat(server.requests()).hasSize(2);
        // an id that exists nowhere, asked for within ten seconds of that read: no more reads
        assertThat(provider.price("acme/no-such-model")).isEmpty();
        assertThat(provider.price("acme/no-such-model")).isEmpty();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void a_catalogue_without_a_data_array_is_malformed() {
        server.models("{\"models\": []}");
        assertThat(catchThrowableOfType(
                                ProviderFailure.class, () -> openRouter(null).models())
                        .kind())
                .isEqualTo(MALFORMED_RESPONSE);
    }

    @Test
    void the_byok_key_of_the_request_wins_over_the_configured_key() throws Exception {
        var provider = openRouter(CONFIGURED_KEY);
        provider.complete(ask("q").withApiKey(BYOK_KEY));
        provider.complete(ask("q"));
        assertThat(server.requests())
                .extracting(FakeOpenRouterServer.Recorded::authorization)
                .containsExactly("Bearer " + BYOK_KEY, "Bearer " + CONFIGURED_KEY);
    }

    @Test
    void a_byok_key_works_without_a_configured_key() throws Exception {
        openRouter(null).complete(ask("q").withApiKey(BYOK_KEY));
        assertThat(server.requests().getFirst().authorization()).isEqualTo("Bearer " + BYOK_KEY);
    }

    @Test
    void openrouter_without_any_key_fails_before_sending_anything() {
        var failure = failureOf(openRouter(null), ask("q"));
        assertThat(failure.kind()).isEqualTo(CLIENT_ERROR);
        assertThat(failure.getMessage())
                .isEqualTo("no API key for openrouter; set OPENROUTER_API_KEY or send X-Provider-Key");
        assertThat(failure.retryable()).isFalse();
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void a_keyless_local_endpoint_is_called_without_authorization() throws Exception {
        provider(server.baseUrl(), null, null, false).complete(ask("q"));
        assertThat(server.requests().getFirst().authorization()).isNull();
    }

    @Test
    void rate_limited_with_retry_after_seconds() {
        server.script(rateLimited("7"));
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(RATE_LIMITED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).hasValue(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(failure.getMessage()).isEqualTo("openrouter answered 429: Rate limit exceeded: free-models-per-min");
    }

    @Test
    void rate_limited_with_retry_after_as_an_http_date() {
        server.script(rateLimited("Sun, 01 Jun 2025 12:00:30 GMT"));
        assertThat(failureOf(openRouter(CONFIGURED_KEY), ask("q")).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void rate_limited_without_retry_after() {
        server.script(rateLimited(null));
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(RATE_LIMITED);
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void a_500_is_a_retryable_server_error() {
        server.script(serverError());
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(SERVER_ERROR);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.httpStatus()).hasValue(500);
        assertThat(failure.getMessage()).isEqualTo("openrouter answered 500: Internal Server Error");
    }

    @Test
    void a_503_with_an_html_body_quotes_its_start() {
        server.script(status(503, "<html><body>Service   Unavailable</body></html>"));
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(SERVER_ERROR);
        assertThat(failure.getMessage())
                .isEqualTo("openrouter answered 503: <html><body>Service Unavailable</body></html>");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403, 404})
    void other_4xx_are_client_errors_not_worth_retrying(int status) {
        server.script(status(status, "{\"error\": {\"code\": " + status + ", \"message\": \"nope\"}}"));
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(CLIENT_ERROR);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.httpStatus()).hasValue(status);
    }

    @Test
    void an_answer_slower_than_the_timeout_is_a_timeout() {
        server.script(hang());
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q").withTimeout(Duration.ofMillis(300)));
        assertThat(failure.kind()).isEqualTo(TIMEOUT);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("300 ms");
    }

    @Test
    void the_next_call_after_a_timeout_succeeds() throws Exception {
        var provider = openRouter(CONFIGURED_KEY);
        server.script(hang(), reply("fine"));
        assertThat(failureOf(provider, ask("q").withTimeout(Duration.ofMillis(300)))
                        .kind())
                .isEqualTo(TIMEOUT);
        assertThat(provider.complete(ask("q")).output()).isEqualTo("fine");
    }

    @Test
    void unparsable_json_is_a_malformed_response() {
        server.script(malformedJson());
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(MALFORMED_RESPONSE);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).isEqualTo("openrouter answered with a body that is not JSON");
    }

    @Test
    void an_empty_body_is_a_malformed_response() {
        server.script(emptyBody());
        assertThat(failureOf(openRouter(CONFIGURED_KEY), ask("q")).getMessage())
                .isEqualTo("openrouter answered with an empty body");
    }

    @Test
    void a_body_without_choices_is_a_malformed_response() {
        server.script(missingChoices());
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(MALFORMED_RESPONSE);
        assertThat(failure.getMessage()).isEqualTo("openrouter answered without choices");
    }

    @Test
    void a_choice_without_content_is_a_malformed_response() {
        server.script(missingContent());
        var failure = failureOf(openRouter(CONFIGURED_KEY), ask("q"));
        assertThat(failure.kind()).isEqualTo(MALFORMED_RESPONSE);
        assertThat(failure.getMessage())
                .isEqualTo("openrouter answered without message content (finish_reason length)");
    }

    @Test
    void an_empty_answer_is_an_answer() throws Exception {
        server.script(reply(""));
        assertThat(openRouter(CONFIGURED_KEY).complete(ask("q")).output()).isEmpty();
    }

    @Test
    void an_error_reported_in_a_200_body_is_classified_by_its_code() {
        server.script(
                status(200, "{\"error\": {\"code\": 502, \"message\": \"upstream provider down\"}}"),
                status(200, "{\"error\": {\"code\": 429, \"message\": \"upstream rate limit\"}}"));
        var provider = openRouter(CONFIGURED_KEY);
        var first = failureOf(provider, ask("q"));
        assertThat(first.kind()).isEqualTo(SERVER_ERROR);
        assertThat(first.getMessage()).contains("upstream provider down");
        assertThat(failureOf(provider, ask("q")).kind()).isEqualTo(RATE_LIMITED);
    }

    @Test
    void a_refused_connection_is_a_network_failure() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var failure =
                failureOf(provider("http://127.0.0.1:" + closedPort + "/v1", CONFIGURED_KEY, null, false), ask("q"));
        assertThat(failure.kind()).isEqualTo(NETWORK);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).startsWith("could not reach openrouter: ");
    }

    @Test
    void no_failure_ever_contains_the_api_key_even_when_the_server_echoes_it() {
        for (int status : new int[] {401, 429, 500}) {
            server.script(errorEchoingAuthorization(status), errorEchoingAuthorization(status));
            var provider = openRouter(CONFIGURED_KEY);
            assertNoKeyIn(failureOf(provider, ask("q").withApiKey(BYOK_KEY)));
            assertNoKeyIn(failureOf(provider, ask("q")));
        }
        // the server really did echo it: the redaction is what kept it out
        assertThat(server.requests())
                .extracting(FakeOpenRouterServer.Recorded::authorization)
                .contains("Bearer " + BYOK_KEY);
        server.script(hang(), malformedJson(), missingChoices());
        var provider = openRouter(CONFIGURED_KEY);
        assertNoKeyIn(failureOf(provider, ask("q").withApiKey(BYOK_KEY).withTimeout(Duration.ofMillis(200))));
        assertNoKeyIn(failureOf(provider, ask("q").withApiKey(BYOK_KEY)));
        assertNoKeyIn(failureOf(provider, ask("q").withApiKey(BYOK_KEY)));
    }

    @Test
    void the_request_and_settings_never_print_their_keys() {
        assertThat(ask("q").withApiKey(BYOK_KEY).toString())
                .doesNotContain(BYOK_KEY)
                .contains("<redacted>");
        assertThat(new OpenAiCompatibleProvider.Settings(
                                "x", "http://h/v1", CONFIGURED_KEY, null, false, Duration.ofSeconds(1))
                        .toString())
                .doesNotContain(CONFIGURED_KEY);
    }

    @Test
    void calls_with_random_latency_all_complete_concurrently() throws Exception {
        server.otherwise(randomLatency(5, 60, 42, FakeOpenRouterServer.echo()));
        var provider = openRouter(CONFIGURED_KEY);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String question = "q" + i;
                futures.add(threads.submit((Callable<ChatResult>) () -> provider.complete(ask(question))));
            }
            for (int i = 0; i < 40; i++) {
                assertThat(futures.get(i).get().output()).isEqualTo("echo: q" + i);
            }
        }
        assertThat(server.requestCount()).isEqualTo(40);
        assertThat(server.maxInFlight()).isGreaterThan(1);
    }

    @Test
    void a_fixed_latency_is_part_of_the_measured_latency() throws Exception {
        server.script(delayed(Duration.ofMillis(50), reply("slow")));
        var result = openRouter(CONFIGURED_KEY).complete(ask("q"));
        assertThat(result.output()).isEqualTo("slow");
        assertThat(result.latencyMs()).isGreaterThanOrEqualTo(50);
    }

    private static void assertNoKeyIn(ProviderFailure failure) {
        assertThat(failure).isNotNull();
        var trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(failure.getMessage()).doesNotContain(BYOK_KEY).doesNotContain(CONFIGURED_KEY);
        assertThat(failure.toString()).doesNotContain(BYOK_KEY).doesNotContain(CONFIGURED_KEY);
        assertThat(trace.toString()).doesNotContain(BYOK_KEY).doesNotContain(CONFIGURED_KEY);
    }
}

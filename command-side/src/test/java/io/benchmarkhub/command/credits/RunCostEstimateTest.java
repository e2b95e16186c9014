package io.benchmarkhub.command.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.benchmarkhub.command.credits.RunCostEstimate.Estimate;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.command.run.provider.ProviderConfiguration;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.command.run.provider.ProvidersProperties;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.grading.JudgePrompt;
import io.benchmarkhub.domain.run.JudgePanel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link RunCostEstimate} against a real {@link ProviderGateway}: the simulator, and OpenRouter and an
 * "ollama" endpoint played by fake servers whose catalogue lists openai/gpt-4o at $2.50 / $10 per million
 * prompt / completion tokens (2.5 and 10 µ$ a token) and at most 16,384 completion tokens, meta-llama/llama-3.1-8b-instruct
 * at $0.02 / $0.05 and at most 256, openrouter/auto with unknown ("-1") prices and local/unpriced with none.
 */
class RunCostEstimateTest {

    private static final String GPT_4O = "openai/gpt-4o";
    private static final String LLAMA = "meta-llama/llama-3.1-8b-instruct";
    private static final List<Grader> GRADERS =
            List.of(new Grader.Exact(null, null), new Grader.LlmJudge("Names the right city.", null, null));
    private static final int JUDGE_INDEX = 1;
    private static final int JUDGE_MAX_TOKENS = 512;

    private FakeOpenRouterServer openrouter;
    private FakeOpenRouterServer ollama;

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

    private ProviderGateway gateway(boolean simulatorOn) {
        var settings = new HashMap<String, String>();
        settings.put("benchmarkhub.providers.openrouter.base-url", openrouter.baseUrl());
        settings.put("benchmarkhub.providers.openai-compatible.ollama.base-url", ollama.baseUrl());
        settings.put("benchmarkhub.providers.sim.enabled", String.valueOf(simulatorOn));
        settings.put("benchmarkhub.providers.sim.sleep", "false");
        var properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("benchmarkhub.providers", ProvidersProperties.class);
        return new ProviderConfiguration()
                .providerGateway(
                        properties,
                        new io.benchmarkhub.command.limits.LimitsProperties(
                                5, 500_000, java.time.Duration.ofSeconds(30), 5, 32, 32));
    }

    /** A gateway that has read the catalogues, so OpenRouter's and ollama's prices are known. */
    private ProviderGateway gatewayWithCatalogues() throws Exception {
        var gateway = gateway(true);
        gateway.models(ProviderGateway.OPENROUTER);
        gateway.models("ollama");
        return gateway;
    }

    private static TestCase textCase(String input) {
        return new TestCase("c1", TextNode.valueOf(input), null, null, null);
    }

    private static Estimate estimate(
            ProviderGateway gateway,
            String template,
            List<TestCase> cases,
            List<String> models,
            List<JudgePanel> panels,
            int repeats,
            int maxTokens) {
        return RunCostEstimate.of(
                gateway, template, cases, GRADERS, models, panels, repeats, maxTokens, JUDGE_MAX_TOKENS);
    }

    @Test
    void simulated_models_cost_nothing_though_the_simulator_lists_prices() throws Exception {
        var gateway = gateway(true);
        assertThat(gateway.price("sim/echo"))
                .hasValueSatisfying(model -> assertThat(model.priced()).isTrue());

        var estimate = estimate(
                gateway,
                null,
                List.of(textCase("Hello"), textCase("Bonjour")),
                List.of("sim/echo", "sim/upper"),
                List.of(new JudgePanel(JUDGE_INDEX, List.of("sim/judge"))),
                3,
                100);

        assertThat(estimate).isEqualTo(new Estimate(0, 0, Set.of()));
    }

    @Test
    void a_model_whose_price_cannot_be_read_is_listed_as_unpriced() {
        var gateway = gateway(true);
        openrouter.close();
        var estimate = estimate(gateway, null, List.of(textCase("Hello")), List.of(GPT_4O), List.of(), 1, 100);

        assertThat(estimate.unpriced()).containsExactly(GPT_4O);
        assertThat(estimate.maxCostMicros()).isZero();
    }

    @Test
    void a_router_whose_price_depends_on_the_model_it_picks_is_unpriced() throws Exception {
        var estimate = estimate(
                gatewayWithCatalogues(),
                null,
                List.of(textCase("Hello")),
                List.of("openrouter/auto"),
                List.of(),
                1,
                100);

        assertThat(estimate.unpriced()).containsExactly("openrouter/auto");
    }

    @Test
    void an_endpoint_model_listed_without_prices_is_unpriced() throws Exception {
        var estimate = estimate(
                gatewayWithCatalogues(),
                null,
                List.of(textCase("Hello")),
                List.of("ollama/local/unpriced"),
                List.of(),
                1,
                100);

        assertThat(estimate.unpriced()).containsExactly("ollama/local/unpriced");
    }

    @Test
    void simulated_models_are_unpriced_when_the_simulator_is_switched_off() {
        var estimate =
                estimate(gateway(false), null, List.of(textCase("Hello")), List.of("sim/echo"), List.of(), 1, 100);

        assertThat(estimate.unpriced()).containsExactly("sim/echo");
    }

    @Test
    void a_priced_model_costs_its_prompt_bytes_plus_eight_a_message_and_max_tokens_for_each_repeat() throws Exception {
        // "Hello": 5 + 8 = 13 tokens × 2.5 + 100 × 10 = 1,032.5 → 1,033 µ$; "Größe" (ö, ß are 2 bytes): 15 × 2.5 +
        // 1,000 = 1,037.5 → 1,038
        var estimate = estimate(
                gatewayWithCatalogues(),
                null,
                List.of(textCase("Hello"), textCase("Größe")),
                List.of(GPT_4O),
                List.of(),
                2,
                100);

        assertThat(estimate).isEqualTo(new Estimate(2 * 1_033 + 2 * 1_038, 1_038, Set.of()));
    }

    @Test
    void prices_are_read_on_first_use_by_a_node_that_has_not_refreshed_the_catalogue() {
        var estimate = estimate(gateway(true), null, List.of(textCase("Hello")), List.of(GPT_4O), List.of(), 1, 100);

        assertThat(estimate).isEqualTo(new Estimate(1_033, 1_033, Set.of()));
    }

    @Test
    void completions_are_capped_at_the_models_limit_in_the_catalogue() throws Exception {
        // "Hello": 13 tokens × 2.5 + 16,384 (not 100,000) × 10 = 163,872.5 → 163,873 µ$
        var estimate = estimate(
                gatewayWithCatalogues(), null, List.of(textCase("Hello")), List.of(GPT_4O), List.of(), 1, 100_000);

        assertThat(estimate.maxCostMicros()).isEqualTo(163_873);
        assertThat(RunCostEstimate.completionCap(gatewayWithCatalogues(), GPT_4O, 100_000))
                .isEqualTo(16_384);
        assertThat(RunCostEstimate.completionCap(gatewayWithCatalogues(), GPT_4O, 1_000))
                .isEqualTo(1_000);
        assertThat(RunCostEstimate.completionCap(gatewayWithCatalogues(), "ollama/local/unpriced", 100_000))
                .isEqualTo(100_000);
    }

    @Test
    void one_call_is_bounded_by_the_bytes_it_sends() throws Exception {
        // "Be brief." and "Größe": (9 + 8) + (7 + 8) = 32 tokens × 2.5 + 100 × 10 = 1,080 µ$
        assertThat(RunCostEstimate.callBound(gatewayWithCatalogues(), GPT_4O, List.of("Be brief.", "Größe"), 100))
                .hasValue(1_080);
        assertThat(RunCostEstimate.callBound(gatewayWithCatalogues(), "sim/echo", List.of("Hello"), 100))
                .hasValue(0);
        assertThat(RunCostEstimate.callBound(gatewayWithCatalogues(), "openrouter/auto", List.of("Hello"), 100))
                .isEmpty();
    }

    @Test
    void a_template_is_counted_as_rendered() throws Exception {
        // "Q: Hello" = 8 bytes + 8 = 16 tokens × 2.5 + 1,000 = 1,040 µ$
        var estimate = estimate(
                gatewayWithCatalogues(),
                "Q: {{input}}",
                List.of(textCase("Hello")),
                List.of(GPT_4O),
                List.of(),
                1,
                100);

        assertThat(estimate.maxCostMicros()).isEqualTo(1_040);
    }

    @Test
    void chat_input_counts_every_message() throws Exception {
        JsonNode chat = new ObjectMapper().readTree("""
                [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]""");
        // (9 + 8) + (2 + 8) = 27 tokens × 2.5 + 1,000 = 1,067.5 → 1,068 µ$
        var estimate = estimate(
                gatewayWithCatalogues(),
                "ignored {{input}}",
                List.of(new TestCase("c1", chat, null, null, null)),
                List.of(GPT_4O),
                List.of(),
                1,
                100);

        assertThat(estimate.maxCostMicros()).isEqualTo(1_068);
    }

    @Test
    void a_priced_judge_costs_its_fixed_prompt_plus_the_candidates_max_tokens_for_every_answer_it_grades()
            throws Exception {
        TestCase testCase = textCase("Capital of France?");
        JudgePrompt fixedPart = JudgePrompt.render("Names the right city.", testCase, "");
        long promptTokens = utf8(fixedPart.system()) + utf8(fixedPart.user()) + 2 * 8 + 100;
        // llama: 0.02 µ$ a prompt token, 0.05 µ$ a completion token; it answers with at most 256 of the 512 judge
        // tokens
        long perVerdict = halfUp(promptTokens * 20_000 + 256 * 50_000L, 1_000_000);

        // two simulated candidates × three repeats = six answers, each graded by the llama judge
        var estimate = estimate(
                gatewayWithCatalogues(),
                null,
                List.of(testCase),
                List.of("sim/echo", "sim/upper"),
                List.of(new JudgePanel(JUDGE_INDEX, List.of(LLAMA))),
                3,
                100);

        assertThat(estimate).isEqualTo(new Estimate(6 * perVerdict, perVerdict, Set.of()));
        assertThat(perVerdict).isPositive();
    }

    @Test
    void an_unpriced_judge_is_listed_once_and_the_priced_candidate_still_counts() throws Exception {
        var estimate = estimate(
                gatewayWithCatalogues(),
                null,
                List.of(textCase("Hello"), textCase("Größe")),
                List.of(GPT_4O),
                List.of(new JudgePanel(JUDGE_INDEX, List.of("openrouter/auto", "sim/judge"))),
                2,
                100);

        assertThat(estimate).isEqualTo(new Estimate(2 * 1_033 + 2 * 1_038, 1_038, Set.of("openrouter/auto")));
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long halfUp(long numerator, long denominator) {
        return (numerator + denominator / 2) / denominator;
    }
}

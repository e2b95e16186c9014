package io.benchmarkhub.command.run.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.JudgePrompt;
import io.benchmarkhub.domain.grading.JudgeVerdict;
import io.benchmarkhub.domain.grading.JudgeVerdictParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

    private final List<Duration> slept = new ArrayList<>();
    private final SimulatedProvider sim = new SimulatedProvider(true, slept::add);

    private static ChatRequest ask(String model, String question) {
        return ChatRequest.of(model, List.of(ChatMessage.system("Answer briefly."), ChatMessage.user(question)));
    }

    @Test
    void echo_answers_the_last_user_message() throws Exception {
        var request = ChatRequest.of(
                "echo", List.of(ChatMessage.user("first"), ChatMessage.assistant("x"), ChatMessage.user("Grüße 👋")));
        assertThat(sim.complete(request).output()).isEqualTo("Grüße 👋");
    }

    @Test
    void upper_answers_in_upper_case() throws Exception {
        assertThat(sim.complete(ask("upper", "straße")).output()).isEqualTo("STRASSE");
    }

    @Test
    void the_same_request_always_gets_the_same_result() throws Exception {
        var first = sim.complete(ask("random-7", "What is 6 × 7?"));
        var again = new SimulatedProvider(false).complete(ask("random-7", "What is 6 × 7?"));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void random_models_pick_canned_answers_and_seeds_differ() throws Exception {
        var answers = new HashSet<String>();
        var seedsDiffer = false;
        for (int i = 0; i < 50; i++) {
            String a = sim.complete(ask("random-1", "q" + i)).output();
            String b = sim.complete(ask("random-2", "q" + i)).output();
            assertThat(SimulatedProvider.CANNED).contains(a, b);
            answers.add(a);
            seedsDiffer |= !a.equals(b);
        }
        assertThat(answers).hasSizeGreaterThan(2);
        assertThat(seedsDiffer).isTrue();
    }

    @Test
    void judge_answers_a_verdict_the_parser_accepts() throws Exception {
        for (int i = 0; i < 30; i++) {
            String output = sim.complete(ask("judge", "grade answer " + i)).output();
            assertThat(new ObjectMapper().readTree(output).path("score").isNumber())
                    .isTrue();
            assertThat(JudgeVerdictParser.parse(output)).as(output).isPresent();
        }
    }

    @Test
    void latency_is_20_to_200_ms_slept_through_the_sleeper() throws Exception {
        for (int i = 0; i < 30; i++) {
            var result = sim.complete(ask("echo", "q" + i));
            assertThat(result.latencyMs()).isBetween(20L, 200L);
            assertThat(slept.getLast()).isEqualTo(Duration.ofMillis(result.latencyMs()));
        }
    }

    @Test
    void sleeping_can_be_switched_off() throws Exception {
        var noSleep = new SimulatedProvider(false, duration -> {
            throw new AssertionError("must not sleep");
        });
        assertThat(noSleep.complete(ask("echo", "q")).latencyMs()).isBetween(20L, 200L);
    }

    @Test
    void tokens_are_characters_over_four_and_cost_uses_the_fake_prices() throws Exception {
        // prompt "Answer briefly." (15) + 40 chars = 55 → 14 tokens; completion 40 chars → 10 tokens
        String question = "x".repeat(40);
        var result = sim.complete(ask("echo", question));
        assertThat(result.promptTokens()).isEqualTo(14);
        assertThat(result.completionTokens()).isEqualTo(10);
        // 14 tokens × $1/M = 14 µ$, 10 tokens × $2/M = 20 µ$
        assertThat(result.costMicros()).isEqualTo(34);
        assertThat(result.simulated()).isTrue();
        assertThat(result.generationId()).startsWith("sim-");
    }

    @Test
    void max_tokens_cuts_the_answer_at_four_characters_a_token() throws Exception {
        var request = new ChatRequest("echo", List.of(ChatMessage.user("abcdefghij")), null, 2, null, null);
        assertThat(sim.complete(request).output()).isEqualTo("abcdefgh");
    }

    /** Cases with their reference answer and an answer that has nothing in common with it. */
    private static final List<List<String>> JUDGED_CASES = List.of(
            List.of("Capital of France?", "Paris", "I would rather talk about the weather today."),
            List.of("What is 6 × 7?", "42", "The quick brown fox jumps over the lazy dog."),
            List.of("Name a primary colour.", "Red", "Photosynthesis happens in chloroplasts."),
            List.of("Translate 'thank you' into German.", "Danke schön", "Kubernetes schedules pods onto nodes."),
            List.of("Largest planet?", "Jupiter is the largest planet in the solar system.", "no"));

    private double judgeScore(String judge, String question, String expected, String output) throws Exception {
        var nodes = JsonNodeFactory.instance;
        var testCase = new TestCase("c1", nodes.textNode(question), nodes.textNode(expected), List.of(), null);
        var prompt = JudgePrompt.render("Is the answer correct and complete?", testCase, output);
        var request =
                ChatRequest.of(judge, List.of(ChatMessage.system(prompt.system()), ChatMessage.user(prompt.user())));
        return JudgeVerdictParser.parse(sim.complete(request).output())
                .map(JudgeVerdict::score)
                .orElseThrow();
    }

    @Test
    void judge_models_with_a_seed_are_accepted() {
        for (String judge : List.of("judge", "judge-1", "judge-42", "judge-strict")) {
            assertThatCode(() -> judgeScore(judge, "Capital of France?", "Paris", "Paris"))
                    .as(judge)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void a_judge_scores_an_output_equal_to_the_reference_above_a_very_different_one() throws Exception {
        for (String judge : List.of("judge", "judge-1", "judge-2")) {
            for (List<String> c : JUDGED_CASES) {
                double right = judgeScore(judge, c.get(0), c.get(1), c.get(1));
                double wrong = judgeScore(judge, c.get(0), c.get(1), c.get(2));
                assertThat(right).as("%s on %s", judge, c.get(0)).isGreaterThan(wrong);
            }
        }
    }

    @Test
    void an_output_equal_to_the_reference_scores_at_least_0_8() throws Exception {
        // 0.8 × similarity 1 plus up to 0.2 of hash noise
        for (List<String> c : JUDGED_CASES) {
            assertThat(judgeScore("judge-3", c.get(0), c.get(1), c.get(1)))
                    .as(c.get(0))
                    .isBetween(0.8, 1.0);
        }
    }

    @Test
    void an_output_that_differs_only_in_case_and_surrounding_space_counts_as_equal() throws Exception {
        assertThat(judgeScore("judge-3", "Capital of France?", "Paris", "  PARIS \n"))
                .isBetween(0.8, 1.0);
    }

    @Test
    void judge_scores_are_always_in_zero_to_one_and_deterministic() throws Exception {
        for (int i = 0; i < 40; i++) {
            String output = i % 2 == 0 ? "answer " + i : "x".repeat(i);
            double score = judgeScore("judge-" + i % 3, "question " + i, "reference " + i, output);
            assertThat(score).isBetween(0.0, 1.0);
            assertThat(judgeScore("judge-" + i % 3, "question " + i, "reference " + i, output))
                    .isEqualTo(score);
        }
    }

    @Test
    void judges_with_different_seeds_disagree_a_little() throws Exception {
        var scores = new HashSet<Double>();
        for (String judge : List.of("judge-1", "judge-2", "judge-3", "judge-4", "judge-5")) {
            scores.add(judgeScore(judge, "Capital of France?", "Paris", "Paris, France"));
        }
        assertThat(scores).hasSizeGreaterThan(1);
    }

    @Test
    void an_unknown_model_is_a_client_error() {
        var failure = catchThrowableOfType(ProviderFailure.class, () -> sim.complete(ask("gpt-9", "q")));
        assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.CLIENT_ERROR);
        assertThat(failure.getMessage()).contains("sim has no model \"gpt-9\"");
    }

    @Test
    void the_catalogue_is_fixed_priced_and_simulated() {
        assertThat(sim.models())
                .extracting(CatalogueModel::id)
                .containsExactly("echo", "upper", "random-1", "random-2", "random-3", "judge");
        assertThat(sim.models()).allSatisfy(model -> {
            assertThat(model.simulated()).isTrue();
            assertThat(model.provider()).isEqualTo("sim");
            assertThat(model.priced()).isTrue();
        });
        assertThat(sim.simulated()).isTrue();
    }
}

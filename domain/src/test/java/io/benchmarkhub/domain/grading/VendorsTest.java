package io.benchmarkhub.domain.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VendorsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "openai/gpt-4o, openai",
        "anthropic/claude-3.5-sonnet, anthropic",
        "sim/echo, sim",
        "sim/judge, sim",
        "google/gemini-2.0-flash-001, google",
        "meta-llama/llama-3.1-70b-instruct, meta",
        "mistralai/mistral-large, mistral",
        "x-ai/grok-2, xai",
        "OpenAI/GPT-4o, openai",
        "ollama/llama3, meta",
        "vllm/qwen2.5-7b-instruct, qwen",
        "openai-direct/gpt-4o-mini, openai",
        "ollama/my-finetune, ollama",
        "gpt-4o, openai",
        "claude-3-haiku, anthropic",
        "some-model, some-model",
        "perplexity/sonar, perplexity",
    })
    void the_vendor_is_the_organisation_or_the_model_family(String modelId, String vendor) {
        assertThat(Vendors.of(modelId)).isEqualTo(vendor);
    }

    @Test
    void a_judge_from_the_candidates_vendor_is_self_preference() {
        assertThat(Vendors.selfPreference("openai/gpt-4o-mini", "openai/gpt-4o"))
                .isTrue();
        assertThat(Vendors.selfPreference("meta-llama/llama-3.1-8b-instruct", "ollama/llama3"))
                .isTrue();
        assertThat(Vendors.selfPreference("anthropic/claude-3-haiku", "openai/gpt-4o"))
                .isFalse();
        assertThat(Vendors.selfPreference("sim/judge", "sim/echo")).isTrue();
    }

    @Test
    void a_blank_model_id_is_refused() {
        assertThatThrownBy(() -> Vendors.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.benchmarkhub.domain.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptRenderingTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<PromptMessage> user(String content) {
        return List.of(new PromptMessage("user", content));
    }

    @Test
    void text_input_without_a_template_is_sent_alone() {
        assertThat(PromptRendering.render(null, NODES.textNode("Capital of France?")))
                .isEqualTo(user("Capital of France?"));
    }

    @Test
    void a_blank_template_counts_as_no_template() {
        assertThat(PromptRendering.render("  \n", NODES.textNode("Capital of France?")))
                .isEqualTo(user("Capital of France?"));
    }

    @Test
    void text_input_replaces_input_in_the_template() {
        assertThat(PromptRendering.render("Answer briefly: {{input}}", NODES.textNode("Capital of France?")))
                .isEqualTo(user("Answer briefly: Capital of France?"));
    }

    @Test
    void a_placeholder_may_have_spaces_inside_the_braces() {
        assertThat(PromptRendering.render("Q: {{ input }} / {{input  }} / {{  input}}", NODES.textNode("x")))
                .isEqualTo(user("Q: x / x / x"));
    }

    @Test
    void every_occurrence_of_a_placeholder_is_replaced() {
        assertThat(PromptRendering.render("{{input}}? I said: {{input}}!", NODES.textNode("Hello")))
                .isEqualTo(user("Hello? I said: Hello!"));
    }

    @Test
    void object_variables_replace_their_placeholders_text_as_is_and_other_values_as_compact_json() {
        var input = json("""
                {"city": "Paris", "year": 2024, "tags": ["a", "b"], "where": {"lat": 48.85, "ok": true}, "none": null}""");

        var rendered = PromptRendering.render("{{city}} in {{ year }}: {{tags}} at {{where}} ({{none}})", input);

        assertThat(rendered).isEqualTo(user("Paris in 2024: [\"a\",\"b\"] at {\"lat\":48.85,\"ok\":true} ()"));
    }

    @Test
    void input_in_the_template_is_the_whole_object_when_it_has_no_input_variable() {
        var input = json("{\"city\": \"Paris\", \"n\": 1}");

        assertThat(PromptRendering.render("Data: {{input}}", input))
                .isEqualTo(user("Data: {\"city\":\"Paris\",\"n\":1}"));
    }

    @Test
    void an_object_with_an_input_variable_uses_that_variable_for_input() {
        var input = json("{\"input\": \"Capital of France?\", \"style\": \"terse\"}");

        assertThat(PromptRendering.render("Be {{style}}. {{input}}", input))
                .isEqualTo(user("Be terse. Capital of France?"));
    }

    @Test
    void an_object_without_a_template_is_sent_as_compact_json() {
        assertThat(PromptRendering.render(null, json("{ \"city\" : \"Paris\" }")))
                .isEqualTo(user("{\"city\":\"Paris\"}"));
    }

    @Test
    void an_unknown_placeholder_is_left_as_written() {
        assertThat(PromptRendering.render("{{ input }} in {{ unknown }} and {{other}}", NODES.textNode("Paris")))
                .isEqualTo(user("Paris in {{ unknown }} and {{other}}"));
    }

    @Test
    void an_unknown_placeholder_of_an_object_is_left_as_written() {
        assertThat(PromptRendering.render("{{city}} {{country}}", json("{\"city\": \"Paris\"}")))
                .isEqualTo(user("Paris {{country}}"));
    }

    @Test
    void dollar_signs_and_backslashes_in_values_are_inserted_literally() {
        assertThat(PromptRendering.render("Price: {{input}}", NODES.textNode("$1 \\ $0 \\1 C:\\path")))
                .isEqualTo(user("Price: $1 \\ $0 \\1 C:\\path"));
    }

    @Test
    void dollar_signs_and_backslashes_in_object_variables_are_inserted_literally() {
        var input = NODES.objectNode().put("regex", "^\\d+$").put("money", "$$");

        assertThat(PromptRendering.render("{{regex}} costs {{money}}", input)).isEqualTo(user("^\\d+$ costs $$"));
    }

    @Test
    void a_value_that_looks_like_a_placeholder_is_not_expanded_again() {
        assertThat(PromptRendering.render("Q: {{input}}", NODES.textNode("{{input}}")))
                .isEqualTo(user("Q: {{input}}"));
    }

    @Test
    void chat_input_is_sent_as_it_is_and_the_template_is_ignored() {
        var input = json("""
                [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": "Capital of France?"},
                 {"role": "assistant", "content": "Paris."},
                 {"role": "user", "content": "And of {{input}}?"}]""");

        assertThat(PromptRendering.render("Ignored: {{input}}", input))
                .containsExactly(
                        new PromptMessage("system", "Be brief."),
                        new PromptMessage("user", "Capital of France?"),
                        new PromptMessage("assistant", "Paris."),
                        new PromptMessage("user", "And of {{input}}?"));
    }

    @Test
    void chat_content_that_is_not_text_is_sent_as_compact_json() {
        var input = json("[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"hi\"}]}]");

        assertThat(PromptRendering.render(null, input))
                .containsExactly(new PromptMessage("user", "[{\"type\":\"text\",\"text\":\"hi\"}]"));
    }

    @Test
    void an_array_that_is_not_a_chat_is_treated_as_a_value() {
        var input = json("[1, 2, 3]");

        assertThat(PromptRendering.render("Sum {{input}}", input)).isEqualTo(user("Sum [1,2,3]"));
    }

    @Test
    void no_input_renders_as_empty_text() {
        assertThat(PromptRendering.render("Q: {{input}}.", null)).isEqualTo(user("Q: ."));
        assertThat(PromptRendering.render(null, null)).isEqualTo(user(""));
    }

    @Test
    void rendered_bytes_equal_the_utf8_size_of_what_render_gives() {
        List<Object[]> examples = List.of(
                new Object[] {null, NODES.textNode("Capital of France? é 😀")},
                new Object[] {"Answer: {{input}} and {{ input }}!", NODES.textNode("naïve")},
                new Object[] {"{{a}}/{{b}}/{{unknown}}/{{input}}", json("{\"a\": \"x\", \"b\": {\"n\": 1}}")},
                new Object[] {
                    "ignored {{input}}",
                    json("[{\"role\": \"user\", \"content\": \"hé\"}, {\"role\": \"assistant\", \"content\": \"ok\"}]")
                });
        for (Object[] example : examples) {
            long expected = PromptRendering.render((String) example[0], (JsonNode) example[1]).stream()
                    .mapToLong(m -> m.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .sum();
            assertThat(PromptRendering.renderedBytes((String) example[0], (JsonNode) example[1], Long.MAX_VALUE))
                    .isEqualTo(expected);
        }
    }

    @Test
    void an_amplifying_template_is_measured_without_being_rendered() {
        String template = "{{input}}".repeat(7_000);
        JsonNode input = NODES.textNode("x".repeat(60_000));
        assertThat(PromptRendering.renderedBytes(template, input, Long.MAX_VALUE))
                .isEqualTo(420_000_000L);
        assertThat(PromptRendering.renderedBytes(template, input, 256 * 1024))
                .isGreaterThan(256 * 1024)
                .isLessThan(400_000);
    }
}

package io.benchmarkhub.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * promptfoo configs (written for this test in promptfoo's documented format) import as benchmarks that run on sim/
 * models and grade as promptfoo would (issue 15).
 */
class PromptfooImportTest extends ApiTestBase {

    /** Like promptfoo's getting-started example: two prompts, vars language and input, contains and icontains. */
    private static final String GETTING_STARTED = """
            description: Translations
            prompts:
              - "Convert the following English text to {{language}}: {{input}}"
              - "Translate into {{language}}: {{input}}"
            providers: [openai:gpt-4o-mini]
            tests:
              - vars:
                  language: French
                  input: Hello world
                assert:
                  - type: contains
                    value: Hello world
              - vars:
                  language: German
                  input: How's it going?
                assert:
                  - type: icontains
                    value: "how's it going"
            """;

    /** Like promptfoo's json-output example: is-json with a schema, contains-any, and a javascript assertion. */
    private static final String JSON_OUTPUT = """
            prompts:
              - '{"{{key}}": "{{value}}"}'
            defaultTest:
              assert:
                - type: not-contains
                  value: error
                - type: latency
                  threshold: 5000
            tests:
              - vars: {key: color, value: red}
                assert:
                  - type: is-json
                    value:
                      type: object
                      required: [color]
                      properties:
                        color: {type: string}
                  - type: contains-any
                    value: [red, blue]
                  - type: javascript
                    value: JSON.parse(output).color === 'red'
              - vars: {key: size, value: large}
                assert:
                  - type: is-json
                    value: {type: object, required: [color]}
                  - type: contains-any
                    value: [small, large]
            """;

    private Response importYaml(String query, String yaml) {
        return send(
                "POST",
                "/api/benchmarks/import?format=promptfoo&" + query,
                alice,
                yaml,
                "Content-Type",
                "application/yaml");
    }

    private Map<String, Double> run(String benchmarkId, String models) {
        return run(benchmarkId, models, "");
    }

    private Map<String, Double> run(String benchmarkId, String models, String more) {
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": [%s], "billing": "BYOK"%s}""".formatted(benchmarkId, models, more));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String run = started.body().get("id").asText();
        eventually(
                () -> get("/api/runs/" + run, alice)
                        .body()
                        .path("status")
                        .asText()
                        .equals("COMPLETED"),
                "the run completes");
        var scores = new HashMap<String, Double>();
        get("/api/runs/" + run, alice).body().get("models").forEach(m -> {
            scores.put(m.get("model").asText(), m.get("score").asDouble());
            scores.put(m.get("model").asText() + " passRate", m.get("passRate").asDouble());
        });
        return scores;
    }

    private static Map<String, Integer> byLine(JsonNode mappings) {
        var lines = new HashMap<String, Integer>();
        mappings.forEach(m -> lines.put(m.get("at").asText(), m.get("line").asInt()));
        return lines;
    }

    private static Map<String, String> byPlace(JsonNode mappings) {
        var places = new HashMap<String, String>();
        mappings.forEach(m -> places.put(
                m.get("at").asText(),
                m.get("type").asText() + " -> " + m.get("as").asText()));
        return places;
    }

    @Test
    void the_getting_started_config_imports_with_its_two_prompts_as_variants_and_graders_and_runs() {
        Response imported = importYaml("title=Translations", GETTING_STARTED);
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        Map<String, String> mapped = byPlace(imported.body().get("mapped"));
        assertThat(mapped)
                .containsEntry("prompts[0]", "prompt -> prompt variant prompt1 (the default, and promptTemplate)")
                .containsEntry("prompts[1]", "prompt -> prompt variant prompt2")
                .containsEntry("tests[0].assert[0]", "contains -> contains")
                .containsEntry("tests[1].assert[0]", "icontains -> contains (ignoreCase)");
        assertThat(imported.body().get("unmapped")).isEmpty();

        String id = imported.body().get("id").asText();
        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(benchmark.get("promptTemplate").asText())
                .isEqualTo("Convert the following English text to {{language}}: {{input}}");
        assertThat(benchmark.get("cases").get(0).get("input").get("language").asText())
                .isEqualTo("French");
        assertThat(benchmark.get("cases").get(0).get("input").get("input").asText())
                .isEqualTo("Hello world");
        assertThat(benchmark.get("cases").get(1).get("graders").toString())
                .isEqualTo("[{\"type\":\"contains\",\"value\":\"how's it going\",\"ignoreCase\":true}]");

        assertThat(benchmark.get("promptVariants").get(1).get("template").asText())
                .isEqualTo("Translate into {{language}}: {{input}}");

        // sim/echo answers the prompt: both pass with either prompt. sim/upper shouts it: contains fails, icontains
        // passes
        Map<String, Double> scores =
                run(id, "\"sim/echo\", \"sim/upper\"", ", \"prompts\": [\"prompt1\", \"prompt2\"]");
        assertThat(scores.get("sim/echo@prompt1")).isCloseTo(1.0, within(1e-12));
        assertThat(scores.get("sim/echo@prompt2")).isCloseTo(1.0, within(1e-12));
        assertThat(scores.get("sim/upper@prompt1")).isCloseTo(0.5, within(1e-12));
        assertThat(scores.get("sim/upper@prompt2")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void prompt_variants_export_as_labelled_prompts_and_import_back_under_their_names() {
        String id = createBenchmark(alice, """
                {"title": "Two prompts", "graders": [{"type": "contains"}],
                 "promptVariants": [{"name": "terse", "template": "Say {{input}}"}, {"name": "polite", "template": "Please say {{input}}"}],
                 "cases": [{"input": "hello", "expected": "hello"}]}""");
        Response export = get("/api/benchmarks/" + id + "/export?format=promptfoo", alice);
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.text()).contains("label: terse").contains("raw: Please say {{input}}");

        Response imported = importYaml("title=Again", export.text());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(imported.body().get("unmapped")).isEmpty();
        JsonNode again = get("/api/benchmarks/" + imported.body().get("id").asText(), alice)
                .body();
        JsonNode original = get("/api/benchmarks/" + id, alice).body();
        assertThat(again.get("promptVariants")).isEqualTo(original.get("promptVariants"));
        assertThat(again.get("promptTemplate").asText()).isEqualTo("Say {{input}}");
    }

    @Test
    void the_json_output_config_maps_is_json_with_its_schema_and_reports_javascript_by_place() {
        Response imported = importYaml("title=JSON%20output", JSON_OUTPUT);
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        Map<String, String> mapped = byPlace(imported.body().get("mapped"));
        assertThat(mapped)
                .containsEntry("tests[0].assert[0]", "is-json -> json-schema")
                .containsEntry("tests[0].assert[1]", "contains-any -> contains-any")
                .containsEntry("defaultTest.assert[0]", "not-contains -> not(contains)")
                .containsEntry("defaultTest.assert[1]", "latency -> decision criterion latencyP95Ms <= 5000");
        Map<String, String> unmapped = byPlace(imported.body().get("unmapped"));
        assertThat(unmapped).containsOnlyKeys("tests[0].assert[2]");
        assertThat(unmapped.get("tests[0].assert[2]"))
                .startsWith("javascript -> javascript assertions run code and are not supported");
        // and where it is in the file: "- type: javascript" is line 20 of JSON_OUTPUT
        JsonNode javascript = imported.body().get("unmapped").get(0);
        assertThat(javascript.get("line").asInt()).isEqualTo(20);
        assertThat(JSON_OUTPUT
                        .lines()
                        .toList()
                        .get(javascript.get("line").asInt() - 1)
                        .strip())
                .isEqualTo("- type: javascript");
        assertThat(byLine(imported.body().get("mapped")))
                .containsEntry("defaultTest.assert[1]", 7)
                .containsEntry("prompts[0]", 2);

        String id = imported.body().get("id").asText();
        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(benchmark.get("graders").toString())
                .isEqualTo("[{\"type\":\"not\",\"grader\":{\"type\":\"contains\",\"value\":\"error\"}}]");
        assertThat(benchmark.get("decisionCriteria").toString())
                .contains("latencyP95Ms")
                .contains("5000");
        // the javascript assertion is not dropped: the case keeps its assertions (defaultTest's first) in its metadata
        assertThat(benchmark
                        .get("cases")
                        .get(0)
                        .get("metadata")
                        .get("assert")
                        .get(4)
                        .get("value")
                        .asText())
                .isEqualTo("JSON.parse(output).color === 'red'");

        // sim/echo answers the prompt, which is JSON. Case 1: not-contains, schema, contains-any all pass → 1.
        // Case 2: not-contains 1, the schema wants color → 0, contains-any 1 → 2/3, failed.
        Map<String, Double> scores = run(id, "\"sim/echo\"");
        assertThat(scores.get("sim/echo")).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
        assertThat(scores.get("sim/echo passRate")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void a_benchmark_exports_as_a_promptfoo_config_that_imports_back_to_the_same_prompt_inputs_and_grading() {
        String id = createBenchmark(alice, """
                {"title": "Round trip", "promptTemplate": "Say {{input}}",
                 "graders": [{"type": "contains", "ignoreCase": true}, {"type": "llm-judge", "rubric": "Is it polite?", "passThreshold": 0.6},
                             {"type": "numeric"}],
                 "cases": [{"id": "a", "input": "hello", "expected": "hello",
                            "graders": [{"type": "not", "grader": {"type": "regex", "pattern": "[0-9]"}}, {"type": "json-valid"}]}]}""");
        Response export = get("/api/benchmarks/" + id + "/export?format=promptfoo", alice);
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/yaml");
        assertThat(export.text())
                .contains("prompts:")
                .contains("Say {{input}}")
                .contains("type: llm-rubric")
                .contains("type: icontains")
                .contains("type: not-regex")
                .contains("type: is-json")
                .contains("benchmarkhubGraders");

        Response imported = importYaml("title=Again", export.text());
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(imported.body().get("unmapped")).isEmpty();
        JsonNode again = get("/api/benchmarks/" + imported.body().get("id").asText(), alice)
                .body();
        assertThat(again.get("promptTemplate").asText()).isEqualTo("Say {{input}}");
        assertThat(again.get("graders").toString())
                .isEqualTo("[{\"type\":\"llm-judge\",\"rubric\":\"Is it polite?\",\"passThreshold\":0.6}]");
        JsonNode c = again.get("cases").get(0);
        assertThat(c.get("input").get("input").asText()).isEqualTo("hello");
        assertThat(c.get("graders").toString())
                .isEqualTo(
                        "[{\"type\":\"contains\",\"value\":\"hello\",\"ignoreCase\":true},"
                                + "{\"type\":\"not\",\"grader\":{\"type\":\"regex\",\"pattern\":\"[0-9]\"}},{\"type\":\"json-valid\"}]");
        // numeric has no promptfoo assertion: it travels in the metadata, not silently nowhere
        assertThat(c.get("metadata")
                        .get("benchmarkhubGraders")
                        .get(0)
                        .get("type")
                        .asText())
                .isEqualTo("numeric");
    }

    @Test
    void importing_a_config_into_an_existing_benchmark_adds_its_cases_with_their_graders_only() {
        String id = createBenchmark(alice, """
                {"title": "Existing", "promptTemplate": "{{input}}", "graders": [{"type": "json-valid"}], "cases": [{"input": "x"}]}""");
        Response imported = importYaml("benchmarkId=" + id, JSON_OUTPUT);
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        Map<String, String> unmapped = byPlace(imported.body().get("unmapped"));
        assertThat(unmapped).containsKeys("prompts[0]", "defaultTest.assert[0]", "tests[0].assert[2]");
        assertThat(byPlace(imported.body().get("mapped"))).containsKeys("tests[0].assert[0]", "tests[1].assert[1]");
        eventually(
                () -> get("/api/benchmarks/" + id, alice).body().get("version").asLong() == 2, "version 2 is read");
        JsonNode benchmark = get("/api/benchmarks/" + id, alice).body();
        assertThat(benchmark.get("promptTemplate").asText()).isEqualTo("{{input}}");
        assertThat(benchmark.get("cases").get(1).get("graders").size()).isEqualTo(2);
    }
}

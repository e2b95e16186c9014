package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.Grader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A benchmark as a promptfoo config (issue 15): {@code prompts} is the prompt template, each case a test whose {@code vars}
 * are its input (a text input as {@code vars.input}), and whose {@code assert} holds the benchmark's deterministic
 * graders (resolved against the case's expected) and then the case's own. LLM judges go into {@code defaultTest} as
 * {@code llm-rubric}. A grader promptfoo has no assertion for ({@code numeric}, an {@code exact} that ignores case, …) is
 * kept in the test's {@code metadata.benchmarkhubGraders}, so importing the file again gives it back as metadata, not
 * silently nothing. Importing the export gives the same prompt, inputs and grading.
 */
public final class PromptfooExport {

    private PromptfooExport() {}

    public static String yaml(String title, String promptTemplate, JsonNode benchmarkGraders, List<TestCase> cases) {
        return yaml(title, promptTemplate, null, benchmarkGraders, cases);
    }

    /** With the benchmark's prompt variants ({@code [{name, template}]}, or null): each a prompt {raw, label}, in order. */
    public static String yaml(
            String title,
            String promptTemplate,
            JsonNode promptVariants,
            JsonNode benchmarkGraders,
            List<TestCase> cases) {
        List<Grader> graders =
                benchmarkGraders == null || benchmarkGraders.isNull() ? List.of() : readGraders(benchmarkGraders);
        var config = new LinkedHashMap<String, Object>();
        if (title != null) config.put("description", title);
        if (promptVariants != null && promptVariants.isArray() && !promptVariants.isEmpty()) {
            var prompts = new ArrayList<Object>();
            for (JsonNode variant : promptVariants) {
                var prompt = new LinkedHashMap<String, Object>();
                prompt.put("raw", variant.path("template").asText());
                prompt.put("label", variant.path("name").asText());
                prompts.add(prompt);
            }
            config.put("prompts", prompts);
        } else {
            config.put(
                    "prompts",
                    List.of(promptTemplate == null || promptTemplate.isBlank() ? "{{input}}" : promptTemplate));
        }
        var judges = new ArrayList<Object>();
        for (Grader g : graders) {
            if (g instanceof Grader.LlmJudge judge) {
                var rubric = new LinkedHashMap<String, Object>();
                rubric.put("type", "llm-rubric");
                rubric.put("value", judge.rubric());
                if (judge.passThreshold() != null) rubric.put("threshold", judge.passThreshold());
                judges.add(rubric);
            }
        }
        if (!judges.isEmpty()) config.put("defaultTest", Map.of("assert", judges));
        var tests = new ArrayList<Object>();
        for (TestCase c : cases) {
            var test = new LinkedHashMap<String, Object>();
            test.put("description", c.id());
            test.put(
                    "vars",
                    c.input() != null && c.input().isObject() ? plain(c.input()) : Map.of("input", plain(c.input())));
            var asserts = new ArrayList<Object>();
            var kept = new ArrayList<Object>();
            var all = new ArrayList<Grader>();
            graders.stream().filter(g -> !(g instanceof Grader.LlmJudge)).forEach(all::add);
            all.addAll(c.ownGraders());
            for (Grader g : all) {
                Optional<Map<String, Object>> assertion = assertion(g, c);
                if (assertion.isPresent()) asserts.add(assertion.get());
                else kept.add(plain(ImportedCases.gradersTree(List.of(g)).get(0)));
            }
            if (!asserts.isEmpty()) test.put("assert", asserts);
            var metadata = new LinkedHashMap<String, Object>();
            if (c.metadata() != null && c.metadata().isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> own = (Map<String, Object>) plain(c.metadata());
                metadata.putAll(own);
                metadata.remove("assert"); // an imported test's assertions, which are in assert again
            }
            if (!kept.isEmpty()) metadata.put("benchmarkhubGraders", kept);
            if (!metadata.isEmpty()) test.put("metadata", metadata);
            tests.add(test);
        }
        config.put("tests", tests);
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return new Yaml(options).dump(config);
    }

    private static Optional<Map<String, Object>> assertion(Grader grader, TestCase c) {
        Optional<String> expected = c.expected() == null
                ? Optional.empty()
                : Optional.of(
                        c.expected().isTextual()
                                ? c.expected().textValue()
                                : c.expected().toString());
        return switch (grader) {
            case Grader.Exact g ->
                Boolean.TRUE.equals(g.ignoreCase())
                        ? Optional.empty()
                        : value(g.value(), expected).map(v -> of("equals", v));
            case Grader.Contains g ->
                value(g.value(), expected)
                        .map(v -> of(Boolean.TRUE.equals(g.ignoreCase()) ? "icontains" : "contains", v));
            case Grader.StartsWith g ->
                Boolean.TRUE.equals(g.ignoreCase())
                        ? Optional.empty()
                        : value(g.value(), expected).map(v -> of("starts-with", v));
            case Grader.Regex g -> value(g.pattern(), expected).map(v -> of("regex", v));
            case Grader.JsonValid g -> Optional.of(of("is-json", null));
            case Grader.JsonSchema g ->
                g.schema() != null
                        ? Optional.of(of("is-json", plain(g.schema())))
                        : c.expected() != null && c.expected().isObject()
                                ? Optional.of(of("is-json", plain(c.expected())))
                                : Optional.empty();
            case Grader.Similarity g ->
                value(g.value(), expected).map(v -> {
                    var a = of("similar", v);
                    a.put("threshold", g.threshold() == null ? 0.8 : g.threshold());
                    return a;
                });
            case Grader.ContainsAny g ->
                Optional.of(of(Boolean.TRUE.equals(g.ignoreCase()) ? "icontains-any" : "contains-any", g.values()));
            case Grader.ContainsAll g ->
                Optional.of(of(Boolean.TRUE.equals(g.ignoreCase()) ? "icontains-all" : "contains-all", g.values()));
            case Grader.Not g ->
                g.grader() == null
                        ? Optional.empty()
                        : assertion(g.grader(), c)
                                .filter(a -> !a.containsKey("threshold"))
                                .map(a -> {
                                    a.put("type", "not-" + a.get("type"));
                                    return a;
                                });
            case Grader.Numeric g -> Optional.empty();
            // only a case's own judge gets here (the benchmark's are in defaultTest)
            case Grader.LlmJudge g -> Optional.of(of("llm-rubric", g.rubric()));
        };
    }

    private static Optional<String> value(String own, Optional<String> expected) {
        return own != null ? Optional.of(own) : expected;
    }

    private static Map<String, Object> of(String type, Object value) {
        var assertion = new LinkedHashMap<String, Object>();
        assertion.put("type", type);
        if (value != null) assertion.put("value", value);
        return assertion;
    }

    /** JSON as plain maps, lists and scalars for the YAML writer. */
    private static Object plain(JsonNode node) {
        return node == null ? null : ImportedCases.JSON.convertValue(node, Object.class);
    }

    private static List<Grader> readGraders(JsonNode graders) {
        try {
            return ImportedCases.JSON
                    .readerFor(new com.fasterxml.jackson.core.type.TypeReference<List<Grader>>() {})
                    .readValue(graders);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored graders always read", e);
        }
    }
}

package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.PromptVariant;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.grading.Grader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * promptfoo test cases in YAML: a list of tests, or a config with {@code tests:} (and optionally
 * {@code defaultTest:}, merged into every test as promptfoo does; other config keys are not
 * cases and are ignored). Each test {@code {description?, vars, assert?, ...}} becomes a case:
 * <ul>
 *   <li>input: the value of the only var (its name kept as metadata {@code var}), or the whole
 *       {@code vars} object when there are several;</li>
 *   <li>expected: the {@code value} of the first {@code equals} assertion, else of the first
 *       {@code contains}/{@code icontains} one, if any;</li>
 *   <li>metadata: everything else (description, the assertions, options, …) and the entries of
 *       the test's own {@code metadata}, so nothing is lost.</li>
 * </ul>
 * With {@code prompts:} the first prompt becomes the prompt template and every test's vars object is its input (so
 * {@code {{name}}} renders). Each test's own assertions become the case's graders, {@code defaultTest}'s the
 * benchmark's ({@link PromptfooAsserts}); the answer lists what was mapped and what was not ({@link CaseImport.Config}).
 * Scalars are read as in YAML 1.2 (promptfoo's js-yaml): {@code yes}/{@code no}, dates, times
 * and numbers with leading zeros stay strings. Arrays in vars are kept as values, not expanded
 * into one test per element, and {@code file://} references are not followed.
 * Problems are named {@code tests[i]} (from 0), or {@code line N} for YAML syntax.
 */
final class PromptfooCases {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PromptfooCases() {}

    static void read(String text, ImportedCases imported) {
        Object root;
        try {
            root = yaml().load(text);
        } catch (MarkedYAMLException e) {
            String where =
                    e.getProblemMark() != null ? "line " + (e.getProblemMark().getLine() + 1) : "body";
            imported.problem(where, (e.getContext() != null ? e.getContext() + ": " : "") + e.getProblem());
            return;
        } catch (YAMLException e) {
            imported.problem("body", e.getMessage());
            return;
        }
        JsonNode tree = toTree(root, "body", imported);
        if (tree == null) return;

        JsonNode tests = tree;
        ObjectNode defaults = null;
        var mapping = new ConfigMapping();
        if (tree instanceof ObjectNode config) {
            mapping.prompts(config.get("prompts"));
            tests = config.get("tests");
            if (tests == null) {
                imported.problem("tests", "the file is neither a list of tests nor a config with tests:");
                return;
            }
            if (tests.isTextual()) {
                imported.problem(
                        "tests", "'" + tests.textValue() + "' refers to another file; import that file instead");
                return;
            }
            JsonNode defaultTest = config.get("defaultTest");
            if (defaultTest instanceof ObjectNode d) {
                if (finite(d, "defaultTest", imported)) {
                    defaults = d;
                    mapping.benchmarkAsserts(d.get("assert"));
                }
            } else if (defaultTest != null && !defaultTest.isNull()) {
                imported.problem("defaultTest", "must be a test object");
            }
        }
        if (!(tests instanceof ArrayNode list)) {
            imported.problem("tests", "must be a list of tests");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "tests[" + i + "]";
            JsonNode test = list.get(i);
            if (!(test instanceof ObjectNode object)) {
                imported.problem(where, "must be a test object with vars");
                continue;
            }
            if (!finite(object, where, imported)) continue;
            List<Grader> graders = mapping.caseAsserts(object.get("assert"), where);
            TestCase testCase =
                    testCase(withDefaults(object, defaults), where, imported, mapping.promptTemplate != null, graders);
            if (testCase != null && !imported.add(testCase)) return;
        }
        imported.config = mapping.config().withLines(lines(text));
    }

    /** The config's prompts and assertions, mapped onto a prompt template, graders and decision criteria (issue 15). */
    private static final class ConfigMapping {
        String promptTemplate;
        final List<PromptVariant> variants = new ArrayList<>();
        final List<Integer> variantPlaces = new ArrayList<>();
        final List<Grader> graders = new ArrayList<>();
        final Map<DecisionCriterion.Metric, DecisionCriterion> criteria = new LinkedHashMap<>();
        final List<CaseImport.Mapping> mapped = new ArrayList<>();
        final List<CaseImport.Mapping> unmapped = new ArrayList<>();

        /**
         * promptfoo's prompts: a string or a list of strings (or {raw} / {id} objects); the first is the template, and with
         * several each becomes a prompt variant, named by its label (or id) when that is a valid name, else prompt1, prompt2, ….
         */
        void prompts(JsonNode prompts) {
            if (prompts == null || prompts.isNull()) return;
            List<JsonNode> list = new ArrayList<>();
            if (prompts.isArray()) prompts.forEach(list::add);
            else list.add(prompts);
            for (int i = 0; i < list.size(); i++) {
                String at = "prompts[" + i + "]";
                JsonNode prompt = list.get(i);
                String text = prompt.isTextual()
                        ? prompt.textValue()
                        : prompt.path("raw").isTextual() ? prompt.get("raw").textValue() : null;
                if (text == null || text.startsWith("file://")) {
                    unmapped.add(new CaseImport.Mapping(
                            at, "prompt", "a prompt from a file or a function is not followed; give it inline"));
                } else {
                    if (promptTemplate == null) promptTemplate = text;
                    variants.add(new PromptVariant(variantName(prompt, variants.size() + 1), text));
                    variantPlaces.add(i);
                }
            }
            if (variants.size() > BenchmarkRules.MAX_PROMPT_VARIANTS) {
                for (int v = BenchmarkRules.MAX_PROMPT_VARIANTS; v < variants.size(); v++) {
                    unmapped.add(new CaseImport.Mapping(
                            "prompts[" + variantPlaces.get(v) + "]",
                            "prompt",
                            "a benchmark holds at most " + BenchmarkRules.MAX_PROMPT_VARIANTS + " prompt variants"));
                }
                variants.subList(BenchmarkRules.MAX_PROMPT_VARIANTS, variants.size())
                        .clear();
            }
            for (int v = 0; v < variants.size(); v++) {
                String as = variants.size() == 1
                        ? "promptTemplate"
                        : "prompt variant " + variants.get(v).name()
                                + (v == 0 ? " (the default, and promptTemplate)" : "");
                mapped.add(new CaseImport.Mapping("prompts[" + variantPlaces.get(v) + "]", "prompt", as));
            }
            if (variants.size() < 2) variants.clear();
        }

        /** The prompt's label or id when it is a valid variant name not taken yet, else prompt{n}. */
        private String variantName(JsonNode prompt, int n) {
            for (String key : List.of("label", "id")) {
                String name = prompt.path(key).asText("");
                if (BenchmarkRules.VARIANT_NAME.matcher(name).matches() && PromptVariant.named(variants, name) == null)
                    return name;
            }
            String name = "prompt" + n;
            while (PromptVariant.named(variants, name) != null) name = name + "_";
            return name;
        }

        void benchmarkAsserts(JsonNode asserts) {
            if (asserts == null || !asserts.isArray()) return;
            for (int j = 0; j < asserts.size(); j++) {
                String at = "defaultTest.assert[" + j + "]";
                var result = PromptfooAsserts.map(asserts.get(j), true);
                if (result.grader() != null) graders.add(result.grader());
                record(at, asserts.get(j), result);
            }
        }

        List<Grader> caseAsserts(JsonNode asserts, String where) {
            var own = new ArrayList<Grader>();
            if (asserts == null || !asserts.isArray()) return own;
            for (int j = 0; j < asserts.size(); j++) {
                String at = where + ".assert[" + j + "]";
                var result = PromptfooAsserts.map(asserts.get(j), false);
                if (result.grader() != null) own.add(result.grader());
                record(at, asserts.get(j), result);
            }
            return own;
        }

        private void record(String at, JsonNode assertion, PromptfooAsserts.Mapped result) {
            String type = PromptfooAsserts.type(assertion);
            if (result.criterion() != null) {
                // the strictest budget of a metric is the benchmark's
                criteria.merge(
                        result.criterion().metric(),
                        result.criterion(),
                        (a, b) -> a.threshold() <= b.threshold() ? a : b);
            }
            if (result.notMapped() != null) unmapped.add(new CaseImport.Mapping(at, type, result.notMapped()));
            else mapped.add(new CaseImport.Mapping(at, type, result.as()));
        }

        CaseImport.Config config() {
            return new CaseImport.Config(
                    promptTemplate,
                    List.copyOf(graders),
                    List.copyOf(criteria.values()),
                    List.copyOf(mapped),
                    List.copyOf(unmapped),
                    List.copyOf(variants));
        }
    }

    private static TestCase testCase(
            ObjectNode test, String where, ImportedCases imported, boolean templated, List<Grader> graders) {
        JsonNode vars = test.get("vars");
        if (!(vars instanceof ObjectNode varsObject) || varsObject.isEmpty()) {
            imported.problem(
                    where,
                    vars == null || vars.isNull() || vars.isEmpty()
                            ? "has no vars to make the input of"
                            : "vars must be a map of variable names to values");
            return null;
        }
        int before = imported.problemCount();
        ObjectNode metadata = NODES.objectNode();
        JsonNode ownMetadata = test.get("metadata");
        if (ownMetadata instanceof ObjectNode m) metadata.setAll(m);

        JsonNode input = varsObject;
        if (varsObject.size() == 1 && !templated) {
            var only = varsObject.properties().iterator().next();
            input = only.getValue();
            imported.putMetadata(metadata, "var", NODES.textNode(only.getKey()), where);
        }
        for (var field : test.properties()) {
            String key = field.getKey();
            if (key.equals("vars") || (key.equals("metadata") && ownMetadata instanceof ObjectNode)) continue;
            imported.putMetadata(metadata, key, field.getValue(), where);
        }
        if (input.isNull())
            imported.problem(where, "the var " + varsObject.fieldNames().next() + " has no value");
        if (imported.problemCount() != before) return null;
        return new TestCase(
                null, input, expected(test.get("assert")), null, metadata.isEmpty() ? null : metadata, null, graders);
    }

    /** The value of the first {@code equals} assertion, else of the first {@code contains}/{@code icontains}. */
    private static JsonNode expected(JsonNode assertions) {
        if (assertions == null || !assertions.isArray()) return null;
        JsonNode contains = null;
        for (JsonNode assertion : assertions) {
            JsonNode value = assertion.get("value");
            if (value == null || value.isNull()) continue;
            String type = assertion.path("type").asText("");
            if (type.equals("equals")) return value;
            if (contains == null && (type.equals("contains") || type.equals("icontains"))) contains = value;
        }
        return contains;
    }

    /** promptfoo's merge: the test's own keys win, vars are merged, and the default assertions come first. */
    private static ObjectNode withDefaults(ObjectNode test, ObjectNode defaults) {
        if (defaults == null) return test;
        ObjectNode merged = defaults.deepCopy();
        merged.setAll(test);
        if (defaults.get("vars") instanceof ObjectNode defaultVars && test.get("vars") instanceof ObjectNode testVars) {
            merged.set("vars", defaultVars.deepCopy().setAll(testVars));
        }
        if (defaults.get("assert") instanceof ArrayNode defaultAsserts
                && test.get("assert") instanceof ArrayNode testAsserts) {
            merged.set("assert", defaultAsserts.deepCopy().addAll(testAsserts));
        }
        return merged;
    }

    private static JsonNode toTree(Object value, String where, ImportedCases imported) {
        if (value == null) {
            imported.problem(where, "the file holds no tests");
            return null;
        }
        try {
            return ImportedCases.JSON.valueToTree(value);
        } catch (IllegalArgumentException e) {
            imported.problem(where, "cannot be read as JSON: " + e.getMessage());
            return null;
        }
    }

    /** JSON has no infinity: a float like {@code 1e999} is a problem of its test. */
    private static boolean finite(JsonNode test, String where, ImportedCases imported) {
        if (finite(test)) return true;
        imported.problem(where, "holds a number too large for JSON");
        return false;
    }

    private static boolean finite(JsonNode node) {
        if (node.isFloatingPointNumber()) return Double.isFinite(node.doubleValue());
        for (JsonNode child : node) {
            if (!finite(child)) return false;
        }
        return true;
    }

    /**
     * The line (from 1) where each place of the file starts, named as the import answer names it ({@code tests[2].assert[1]},
     * {@code prompts[0]}), so an assertion that is not mapped is reported where the author can find it. The file is
     * composed again into YAML nodes, which keep their marks; the tree the import reads has none.
     */
    static Map<String, Integer> lines(String text) {
        var lines = new java.util.HashMap<String, Integer>();
        try {
            Node root = yaml().compose(new java.io.StringReader(text));
            if (root != null) lines(root, "", lines, 0);
        } catch (YAMLException e) {
            // the same file was just read, so this does not happen; without marks the places still name everything
        }
        return lines;
    }

    private static void lines(Node node, String path, Map<String, Integer> lines, int depth) {
        if (depth > 64) return;
        if (!path.isEmpty()) lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    lines(
                            tuple.getValueNode(),
                            path.isEmpty() ? key.getValue() : path + "." + key.getValue(),
                            lines,
                            depth + 1);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) lines(items.get(i), path + "[" + i + "]", lines, depth + 1);
        }
    }

    private static Yaml yaml() {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(Integer.MAX_VALUE); // the request body limit (16 MiB) bounds the size
        return new Yaml(
                new SafeConstructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new Yaml12Resolver());
    }

    /**
     * YAML 1.2 core-schema scalars, as js-yaml reads them: only true/false are booleans, numbers
     * are plain decimals, and no timestamps; SnakeYAML's YAML 1.1 defaults would turn
     * {@code no}, {@code 0755} or {@code 12:30:00} into something the author did not write.
     */
    private static final class Yaml12Resolver extends Resolver {
        private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
        /** Tried after INT, so it only takes numbers with a fraction or an exponent. */
        private static final Pattern FLOAT =
                Pattern.compile("^[-+]?(?:(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789", 30);
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.", 40);
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}

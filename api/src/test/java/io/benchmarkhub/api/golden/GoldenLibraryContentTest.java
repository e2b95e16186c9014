package io.benchmarkhub.api.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.grading.DeterministicGrading;
import io.benchmarkhub.domain.grading.Grade;
import io.benchmarkhub.domain.grading.Grader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the golden library's content against golden/FORMAT.md: every file, every case, every expected answer
 * (through an oracle model that answers with the reference), and the library as a whole (no near-duplicates).
 * Each check collects every problem it finds, so one failing run lists them all.
 */
class GoldenLibraryContentTest {

    static final Set<String> CATEGORIES = Set.of(
            "classification",
            "extraction",
            "normalization",
            "privacy",
            "reasoning",
            "instruction-following",
            "tool-use",
            "coding",
            "sql",
            "summarization",
            "safety",
            "translation",
            "writing");
    static final List<String> REQUIRED_EDGES =
            List.of("edge-typo", "edge-ood", "edge-empty", "edge-long", "edge-adversarial");
    static final int MIN_CASES = 30;
    static final int LONG_INPUT = 1_500;
    static final double NEAR_DUPLICATE = 0.8;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern FILE = Pattern.compile("(\\d{2})-([a-z0-9][a-z0-9-]*)\\.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

    static List<GoldenBenchmark> library;

    @BeforeAll
    static void read() {
        library = GoldenLibraryFiles.all();
    }

    @Test
    void every_file_in_the_repository_is_on_the_classpath_and_parses() throws Exception {
        Path dir = Path.of("..", "golden", "benchmarks");
        List<String> onDisk;
        try (Stream<Path> files = Files.list(dir)) {
            onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(library).extracting(GoldenBenchmark::file).containsExactlyElementsOf(onDisk);
        assertThat(library).as("the golden library is not empty").isNotEmpty();
        var numbers = new HashSet<String>();
        var slugs = new HashSet<String>();
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            Matcher m = FILE.matcher(b.file());
            if (!m.matches()) problems.add(b.file() + ": the name must be NN-<slug>.yaml");
            else {
                if (!m.group(2).equals(b.slug()))
                    problems.add(b.file() + ": slug " + b.slug() + " differs from the file name");
                if (!numbers.add(m.group(1))) problems.add(b.file() + ": number " + m.group(1) + " is used twice");
            }
            if (!slugs.add(b.slug())) problems.add(b.file() + ": slug " + b.slug() + " is used twice");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_benchmark_has_its_details_licence_graders_and_decision_rubric() {
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            String f = b.file() + ": ";
            if (!GoldenBenchmark.FORMAT.equals(b.format()))
                problems.add(f + "format must be " + GoldenBenchmark.FORMAT);
            if (b.slug() == null || !SLUG.matcher(b.slug()).matches()) problems.add(f + "slug must match " + SLUG);
            if (!"CC-BY-4.0".equals(b.licence())) problems.add(f + "licence must be CC-BY-4.0");
            if (!CATEGORIES.contains(b.category()))
                problems.add(f + "category '" + b.category() + "' is not one of " + CATEGORIES);
            if (b.tags() == null || b.tags().size() < 3 || !b.tags().contains("golden"))
                problems.add(f + "needs at least 3 tags, golden among them");
            if (b.description() == null || b.description().strip().length() < 200)
                problems.add(f + "the description must say what is measured and how (200+ characters)");
            if (b.promptTemplate() == null || b.promptTemplate().isBlank())
                problems.add(f + "promptTemplate is required");
            if (b.graders() == null || b.graders().isEmpty()) problems.add(f + "at least one grader is required");
            if (b.decisionCriteria() == null
                    || b.decisionCriteria().stream().noneMatch(c -> c.severity() == DecisionCriterion.Severity.MUST)) {
                problems.add(f + "the decision rubric needs at least one MUST criterion");
            }
            for (Violation v : rules(b)) problems.add(f + v.field() + " " + v.message());
            if (b.graders() != null) {
                for (Grader g : b.graders()) {
                    if (g instanceof Grader.LlmJudge judge && judge.panel() != null)
                        problems.add(f + "llm-judge graders leave panel out");
                    if (g instanceof Grader.LlmJudge judge
                            && judge.rubric() != null
                            && judge.rubric().strip().length() < 80) {
                        problems.add(f + "an llm-judge rubric must say what earns and loses points (80+ characters)");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static List<Violation> rules(GoldenBenchmark b) {
        var violations = new ArrayList<Violation>();
        violations.addAll(BenchmarkRules.details(b.title(), b.description(), b.tags(), b.category()));
        violations.addAll(BenchmarkRules.promptTemplate(b.promptTemplate()));
        if (b.graders() != null) violations.addAll(BenchmarkRules.graders("graders", b.graders()));
        if (b.decisionCriteria() != null)
            violations.addAll(BenchmarkRules.decisionCriteria("decisionCriteria", b.decisionCriteria()));
        if (b.cases() != null) violations.addAll(BenchmarkRules.newCases("cases", b.cases(), Set.of()));
        return violations;
    }

    @Test
    void every_benchmark_has_at_least_30_cases_whose_inputs_fill_its_template() {
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            String f = b.file() + ": ";
            if (b.cases() == null || b.cases().size() < MIN_CASES) {
                problems.add(f + "has " + (b.cases() == null ? 0 : b.cases().size()) + " cases, at least " + MIN_CASES
                        + " are required");
                continue;
            }
            Set<String> placeholders = placeholders(b.promptTemplate());
            for (TestCase c : b.cases()) {
                String where = f + "case " + c.id() + ": ";
                if (c.id() == null) problems.add(f + "every case needs an id");
                if (c.input() == null || !c.input().isObject()) {
                    problems.add(where + "input must be an object of template variables");
                    continue;
                }
                Set<String> variables = new LinkedHashSet<>();
                c.input().fieldNames().forEachRemaining(variables::add);
                if (!variables.equals(placeholders)) {
                    problems.add(where + "input variables " + variables + " differ from the template's placeholders "
                            + placeholders);
                }
                if (c.expected() == null)
                    problems.add(where + "expected is required (the graders' value or the judges' reference)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_benchmark_holds_the_deliberate_edge_cases() {
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            if (b.cases() == null) continue;
            for (String edge : REQUIRED_EDGES) {
                List<TestCase> tagged =
                        b.cases().stream().filter(c -> c.tags().contains(edge)).toList();
                if (tagged.isEmpty()) {
                    problems.add(b.file() + ": no case tagged " + edge);
                    continue;
                }
                if (edge.equals("edge-empty")
                        && tagged.stream().noneMatch(c -> variables(c).anyMatch(String::isBlank))) {
                    problems.add(b.file() + ": no edge-empty case has an empty or blank variable");
                }
                if (edge.equals("edge-long")
                        && tagged.stream().noneMatch(c -> variables(c).anyMatch(v -> v.length() >= LONG_INPUT))) {
                    problems.add(b.file() + ": no edge-long case has a variable of " + LONG_INPUT + "+ characters");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void an_oracle_that_answers_with_the_references_passes_every_deterministic_grader() {
        var problems = new ArrayList<String>();
        int graded = 0;
        for (GoldenBenchmark b : library) {
            if (b.cases() == null || b.graders() == null) continue;
            List<Grader> deterministic =
                    b.graders().stream().filter(DeterministicGrading::handles).toList();
            for (TestCase c : b.cases()) {
                String where = b.file() + ": case " + c.id() + ": ";
                problems.addAll(expectedFits(where, deterministic, c));
                String answer = oracle(c);
                for (Grader g : deterministic) {
                    Grade grade = DeterministicGrading.grade(g, c, answer);
                    graded++;
                    if (!grade.passed())
                        problems.add(where + g.getClass().getSimpleName() + " fails the reference answer: "
                                + grade.reason());
                    if (g instanceof Grader.JsonSchema
                            && reference(c) != null
                            && reference(c).isContainerNode()) {
                        // the same JSON written another way: keys in another order, pretty-printed, 1000.0 as 1000
                        String other = reordered(reference(c)).toPrettyString();
                        Grade same = DeterministicGrading.grade(g, c, other);
                        if (!same.passed())
                            problems.add(where + "the reference written another way fails: " + same.reason());
                    }
                }
                // the graders can fail: a model that answers nothing does not pass the case
                if (!deterministic.isEmpty()
                        && deterministic.stream()
                                .allMatch(g ->
                                        DeterministicGrading.grade(g, c, "").passed())) {
                    problems.add(where + "an empty answer passes every grader");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(graded).isPositive();
    }

    /** The expected value is of the kind the graders read: a pattern that compiles, a schema, a number. */
    private static List<String> expectedFits(String where, List<Grader> graders, TestCase c) {
        var problems = new ArrayList<String>();
        JsonNode expected = c.expected();
        if (expected == null) return problems;
        for (Grader g : graders) {
            switch (g) {
                case Grader.Regex r
                when r.pattern() == null -> {
                    if (!expected.isTextual())
                        problems.add(where + "a regex grader needs the expected pattern as text");
                    else {
                        try {
                            Pattern.compile(expected.asText());
                        } catch (RuntimeException e) {
                            problems.add(where + "the expected pattern does not compile: " + e.getMessage());
                        }
                    }
                    if (!c.metadata().path("reference").isTextual())
                        problems.add(where + "a regex expectation needs metadata.reference");
                }
                case Grader.JsonSchema s
                when s.schema() == null -> {
                    if (!expected.isObject())
                        problems.add(where + "a json-schema grader needs the expected schema as an object");
                    if (c.metadata() == null || c.metadata().path("reference").isMissingNode())
                        problems.add(where + "a schema expectation needs metadata.reference");
                }
                case Grader.Numeric n
                when n.value() == null -> {
                    if (!expected.isNumber()) problems.add(where + "a numeric grader needs a number as expected");
                }
                default -> {}
            }
        }
        return problems;
    }

    private static JsonNode reference(TestCase c) {
        return c.metadata() == null ? null : c.metadata().get("reference");
    }

    private static JsonNode reordered(JsonNode node) {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (node.isObject()) {
            var names = new ArrayList<String>();
            node.fieldNames().forEachRemaining(names::add);
            java.util.Collections.reverse(names);
            var copy = nodes.objectNode();
            names.forEach(n -> copy.set(n, reordered(node.get(n))));
            return copy;
        }
        if (node.isArray()) {
            var copy = nodes.arrayNode();
            node.forEach(e -> copy.add(reordered(e)));
            return copy;
        }
        if (node.isFloatingPointNumber()
                && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 1e15) {
            return nodes.numberNode(node.longValue());
        }
        return node;
    }

    /** What a model that knows every answer writes: metadata.reference, else the expected value. */
    static String oracle(TestCase c) {
        JsonNode reference = c.metadata() == null ? null : c.metadata().get("reference");
        JsonNode answer = reference != null && !reference.isNull() ? reference : c.expected();
        if (answer == null) return "";
        return answer.isTextual() ? answer.asText() : answer.toString();
    }

    @Test
    void no_two_cases_in_the_library_are_near_duplicates() {
        record Entry(String where, String normalised, Set<String> trigrams) {}
        var entries = new ArrayList<Entry>();
        var byText = new HashMap<String, String>();
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            if (b.cases() == null) continue;
            // a value several cases of one benchmark share (a passage, a table, a schema) is their context, not the
            // case
            var uses = new HashMap<String, Integer>();
            b.cases().forEach(c -> variables(c).distinct().forEach(v -> uses.merge(v, 1, Integer::sum)));
            for (TestCase c : b.cases()) {
                String where = b.file() + "#" + c.id();
                String text = normalise(String.join(
                        " ",
                        variables(c)
                                .filter(v -> uses.get(v) == 1 || v.length() < 40)
                                .toList()));
                if (text.isBlank() || c.tags().contains("edge-empty"))
                    continue; // the empty-input edge cases are alike on purpose
                String earlier = byText.putIfAbsent(text, where);
                if (earlier != null) problems.add(where + " has the same input as " + earlier);
                String[] words = text.split(" ");
                if (words.length > 8) entries.add(new Entry(where, text, trigrams(words)));
            }
        }
        var index = new HashMap<String, List<Integer>>();
        for (int i = 0; i < entries.size(); i++) {
            for (String t : entries.get(i).trigrams())
                index.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
        }
        for (int i = 0; i < entries.size(); i++) {
            var shared = new HashMap<Integer, Integer>();
            for (String t : entries.get(i).trigrams()) {
                for (int j : index.get(t)) if (j > i) shared.merge(j, 1, Integer::sum);
            }
            for (var e : shared.entrySet()) {
                Entry a = entries.get(i);
                Entry b = entries.get(e.getKey());
                double jaccard = (double) e.getValue()
                        / (a.trigrams().size() + b.trigrams().size() - e.getValue());
                if (jaccard >= NEAR_DUPLICATE) {
                    problems.add(a.where() + " and " + b.where() + " are near-duplicates (trigram Jaccard "
                            + String.format(Locale.ROOT, "%.2f", jaccard) + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static Set<String> trigrams(String[] words) {
        var grams = new HashSet<String>();
        for (int i = 0; i + 2 < words.length; i++) grams.add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        return grams;
    }

    private static Stream<String> variables(TestCase c) {
        if (c.input() == null || !c.input().isObject()) return Stream.empty();
        var values = new ArrayList<String>();
        c.input()
                .fields()
                .forEachRemaining(e -> values.add(
                        e.getValue().isTextual()
                                ? e.getValue().asText()
                                : e.getValue().toString()));
        return values.stream();
    }

    private static Set<String> placeholders(String template) {
        var names = new LinkedHashSet<String>();
        if (template == null) return names;
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    @Test
    void regex_writing_references_match_their_examples_and_nothing_else() {
        var problems = new ArrayList<String>();
        int checked = 0;
        for (GoldenBenchmark b : library) {
            if (b.cases() == null) continue;
            for (TestCase c : b.cases()) {
                JsonNode examples = c.metadata() == null ? null : c.metadata().get("examples");
                if (examples == null) continue;
                problems.addAll(regexExampleProblems(b.file() + ": case " + c.id() + ": ", oracle(c), examples));
                checked++;
            }
        }
        assertThat(problems).isEmpty();
        // the check itself can fail: a pattern that matches a noMatch example is reported
        assertThat(regexExampleProblems(
                        "self-check: ",
                        "\\d+",
                        GoldenLibraryFiles.MAPPER.valueToTree(Map.of("match", List.of("42"), "noMatch", List.of("7")))))
                .hasSize(1);
        assertThat(checked).isGreaterThanOrEqualTo(0);
    }

    /** The reference pattern must match every {@code match} example entirely and no {@code noMatch} example. */
    static List<String> regexExampleProblems(String where, String reference, JsonNode examples) {
        var problems = new ArrayList<String>();
        Pattern pattern;
        try {
            pattern = Pattern.compile(reference.strip());
        } catch (RuntimeException e) {
            return List.of(where + "the reference pattern does not compile: " + e.getMessage());
        }
        if (!examples.path("match").isArray()
                || examples.path("match").isEmpty()
                || !examples.path("noMatch").isArray()
                || examples.path("noMatch").isEmpty()) {
            problems.add(where + "metadata.examples needs non-empty match and noMatch lists");
        }
        examples.path("match").forEach(e -> {
            if (!pattern.matcher(e.asText()).matches())
                problems.add(where + "the reference does not match '" + e.asText() + "'");
        });
        examples.path("noMatch").forEach(e -> {
            if (pattern.matcher(e.asText()).matches())
                problems.add(where + "the reference matches '" + e.asText() + "', a noMatch example");
        });
        return problems;
    }

    @Test
    void sql_references_run_against_their_schema_and_return_the_stated_rows() throws Exception {
        record SqlCase(String where, String schema, String query, JsonNode result) {}
        var sqlCases = new ArrayList<SqlCase>();
        for (GoldenBenchmark b : library) {
            if (b.cases() == null) continue;
            for (TestCase c : b.cases()) {
                JsonNode schema = c.metadata() == null ? null : c.metadata().get("schema");
                // a case that must be refused (the reference is a marker such as CANNOT_ANSWER) has no query to run
                if (schema == null
                        || !oracle(c)
                                .stripLeading()
                                .toUpperCase(java.util.Locale.ROOT)
                                .matches("(?s)(SELECT|WITH)\\b.*")) continue;
                sqlCases.add(new SqlCase(
                        b.file() + ": case " + c.id() + ": ",
                        schema.asText(),
                        oracle(c),
                        c.metadata().get("result")));
            }
        }
        try (var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .start();
                var connection = postgres.getPostgresDatabase().getConnection()) {
            var problems = new ArrayList<String>();
            int n = 0;
            for (SqlCase c : sqlCases)
                problems.addAll(sqlProblems(connection, "golden_" + n++, c.where(), c.schema(), c.query(), c.result()));
            assertThat(problems).isEmpty();
            // the check itself can fail: a query whose rows differ from the stated result is reported
            var self = GoldenLibraryFiles.MAPPER.readTree("[[1], [3]]");
            assertThat(sqlProblems(
                            connection,
                            "golden_self",
                            "self-check: ",
                            "CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2);",
                            "SELECT x FROM t ORDER BY x",
                            self))
                    .hasSize(1);
        }
    }

    /**
     * Runs {@code schema} (DDL and inserts) in a fresh PostgreSQL schema, then the reference query, which must run;
     * when {@code result} is given (an array of rows, each an array of values) the rows must equal it, in order.
     */
    static List<String> sqlProblems(
            java.sql.Connection connection, String schemaName, String where, String ddl, String query, JsonNode result)
            throws java.sql.SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schemaName + " CASCADE");
            statement.execute("CREATE SCHEMA " + schemaName);
            statement.execute("SET search_path TO " + schemaName);
            try {
                statement.execute(ddl);
            } catch (java.sql.SQLException e) {
                return List.of(where + "metadata.schema does not run: " + e.getMessage());
            }
            var rows = GoldenLibraryFiles.MAPPER.createArrayNode();
            try (var rs = statement.executeQuery(query.strip().replaceAll(";\\s*$", ""))) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    var row = rows.addArray();
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        if (value == null) row.addNull();
                        else if (value instanceof Number number) row.add(new java.math.BigDecimal(number.toString()));
                        else if (value instanceof Boolean bool) row.add(bool);
                        else row.add(value.toString());
                    }
                }
            } catch (java.sql.SQLException e) {
                return List.of(where + "the reference query does not run: " + e.getMessage());
            } finally {
                statement.execute("SET search_path TO public");
            }
            if (result != null && !sameRows(rows, result)) {
                return List.of(where + "the reference query returns " + rows + ", not metadata.result " + result);
            }
            return List.of();
        }
    }

    private static boolean sameRows(JsonNode actual, JsonNode expected) {
        if (!expected.isArray() || actual.size() != expected.size()) return false;
        for (int r = 0; r < actual.size(); r++) {
            JsonNode a = actual.get(r);
            JsonNode e = expected.get(r);
            if (!e.isArray() || a.size() != e.size()) return false;
            for (int i = 0; i < a.size(); i++) {
                JsonNode x = a.get(i);
                JsonNode y = e.get(i);
                boolean same = x.isNumber() && y.isNumber()
                        ? x.decimalValue().compareTo(y.decimalValue()) == 0
                        : x.isNull() ? y.isNull() : !y.isNull() && x.asText().equals(y.asText());
                if (!same) return false;
            }
        }
        return true;
    }

    @Test
    void arithmetic_expected_answers_are_recomputed_from_their_expressions() {
        var problems = new ArrayList<String>();
        for (GoldenBenchmark b : library) {
            if (b.cases() == null) continue;
            for (TestCase c : b.cases()) {
                JsonNode compute = c.metadata() == null ? null : c.metadata().get("compute");
                if (compute == null) continue;
                String where = b.file() + ": case " + c.id() + ": ";
                if (c.expected() == null || !c.expected().isNumber()) {
                    problems.add(where + "metadata.compute needs a number as expected");
                    continue;
                }
                try {
                    double value = Arithmetic.evaluate(compute.asText());
                    if (Math.abs(value - c.expected().doubleValue()) > 0.005) {
                        problems.add(where + compute.asText() + " = " + value + ", but expected is " + c.expected());
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(where + "metadata.compute does not parse: " + e.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(Arithmetic.evaluate("2 * (3 + 4) - 10 / 4 ^ 1")).isEqualTo(11.5);
        assertThat(Arithmetic.evaluate("-7 + 15 - 11")).isEqualTo(-3.0);
        assertThat(Arithmetic.evaluate("1000 * 1.05 ^ 3"))
                .isCloseTo(1157.625, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** + - * / ^ and parentheses over decimal numbers, with the usual precedence; ^ binds tightest and to the right. */
    static final class Arithmetic {
        private final String text;
        private int at;

        private Arithmetic(String text) {
            this.text = text.replace(" ", "");
        }

        static double evaluate(String expression) {
            var parser = new Arithmetic(expression);
            double value = parser.sum();
            if (parser.at != parser.text.length())
                throw new IllegalArgumentException("unexpected '" + parser.text.substring(parser.at) + "'");
            return value;
        }

        private double sum() {
            double value = product();
            while (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                char op = text.charAt(at++);
                double right = product();
                value = op == '+' ? value + right : value - right;
            }
            return value;
        }

        private double product() {
            double value = power();
            while (at < text.length() && (text.charAt(at) == '*' || text.charAt(at) == '/')) {
                char op = text.charAt(at++);
                double right = power();
                value = op == '*' ? value * right : value / right;
            }
            return value;
        }

        private double power() {
            double base = unary();
            if (at < text.length() && text.charAt(at) == '^') {
                at++;
                return Math.pow(base, power());
            }
            return base;
        }

        private double unary() {
            if (at < text.length() && text.charAt(at) == '-') {
                at++;
                return -unary();
            }
            if (at < text.length() && text.charAt(at) == '(') {
                at++;
                double value = sum();
                if (at >= text.length() || text.charAt(at) != ')') throw new IllegalArgumentException("missing )");
                at++;
                return value;
            }
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) at++;
            if (start == at) throw new IllegalArgumentException("a number is expected at " + start);
            return Double.parseDouble(text.substring(start, at));
        }
    }

    @Test
    void the_near_duplicate_check_can_fail() {
        String a = normalise(
                "Order 55120 was supposed to arrive Tuesday, tracking hasn't moved since Friday. Where is it?");
        String b = normalise(
                "Order 55121 was supposed to arrive Tuesday; tracking hasn't moved since Friday. Where is it?");
        Set<String> ta = trigrams(a.split(" "));
        Set<String> tb = trigrams(b.split(" "));
        var common = new HashSet<>(ta);
        common.retainAll(tb);
        assertThat((double) common.size() / (ta.size() + tb.size() - common.size()))
                .isGreaterThanOrEqualTo(0.6);
        assertThat(a).isNotEqualTo(b);
    }
}

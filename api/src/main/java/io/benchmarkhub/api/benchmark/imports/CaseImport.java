package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the text of a case file (JSONL, CSV or promptfoo YAML tests) into test cases, or into
 * the problems that stop it, each named by where it is in the file ({@code line 12},
 * {@code row 3}, {@code tests[4]}). All or nothing: a file with any problem yields no cases.
 * Only the shape of a file is checked here; whether each case is valid is the benchmark's
 * decision ({@link BenchmarkRules}), made again when the cases are added.
 */
public final class CaseImport {

    /** Problems listed at most; the rest are only counted. */
    public static final int MAX_PROBLEMS = 50;
    /** The cases of one file may come to at most this much JSON; bounds YAML aliases that repeat a large value. */
    public static final long MAX_TOTAL_JSON_BYTES = 64L * 1024 * 1024;

    private CaseImport() {}

    public enum Format {
        JSONL("jsonl", "application/x-ndjson", "application/jsonl"),
        CSV("csv", "text/csv"),
        PROMPTFOO("promptfoo", "application/yaml", "application/x-yaml", "text/yaml");

        private final String id;
        private final List<String> mediaTypes;

        Format(String id, String... mediaTypes) {
            this.id = id;
            this.mediaTypes = List.of(mediaTypes);
        }

        public String id() {
            return id;
        }

        /** The format a {@code format} parameter names, case-insensitively. */
        public static Optional<Format> named(String name) {
            if (name == null) return Optional.empty();
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst();
        }

        /** The format a Content-Type implies ({@code text/csv; charset=utf-8} → CSV), if any. */
        public static Optional<Format> forMediaType(String contentType) {
            if (contentType == null) return Optional.empty();
            String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(f -> f.mediaTypes.contains(type))
                    .findFirst();
        }

        public static String names() {
            return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
        }
    }

    /**
     * What a promptfoo config holds besides its tests: the prompt template (its first prompt) and, with several prompts,
     * each as a named variant, the benchmark's graders
     * and decision criteria (from {@code defaultTest}), and each assertion that was mapped onto a grader or criterion,
     * or not, named by where it is ({@code tests[2].assert[1]}).
     */
    public record Config(
            String promptTemplate,
            List<io.benchmarkhub.domain.grading.Grader> graders,
            List<io.benchmarkhub.domain.benchmark.DecisionCriterion> decisionCriteria,
            List<Mapping> mapped,
            List<Mapping> unmapped,
            List<io.benchmarkhub.domain.benchmark.PromptVariant> promptVariants) {

        /** Each mapping with the line its place starts on in the file ({@code lines}: place → line from 1). */
        public Config withLines(Map<String, Integer> lines) {
            return new Config(
                    promptTemplate,
                    graders,
                    decisionCriteria,
                    mapped.stream().map(m -> m.atLine(lines.get(m.at()))).toList(),
                    unmapped.stream().map(m -> m.atLine(lines.get(m.at()))).toList(),
                    promptVariants);
        }
    }

    /** One promptfoo assertion (or prompt): where it is, its type, and what it became ({@code as}) or why not. */
    public record Mapping(
            String at,
            String type,
            String as,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "the line of the YAML where it is (from 1), when known")
            Integer line) {

        public Mapping(String at, String type, String as) {
            this(at, type, as, null);
        }

        /** The same mapping at {@code line} of the file (null: unknown). */
        public Mapping atLine(Integer line) {
            return new Mapping(at, type, as, line);
        }
    }

    /** The cases of a file, or (when {@code problems} is not empty) why it cannot be imported; {@code config} for promptfoo. */
    public record Parsed(List<TestCase> cases, List<Violation> problems, int problemCount, Config config) {

        public Parsed {
            cases = List.copyOf(cases);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Parsed parse(Format format, String text) {
        var imported = new ImportedCases();
        String body = text == null ? "" : text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.isBlank()) {
            imported.problem("body", "the file is empty");
            return imported.result();
        }
        switch (format) {
            case JSONL -> JsonlCases.read(body, imported);
            case CSV -> CsvCases.read(body, imported);
            case PROMPTFOO -> PromptfooCases.read(body, imported);
        }
        if (imported.ok() && imported.cases().isEmpty()) imported.problem("body", "the file holds no cases");
        if (imported.ok()) checkText(imported);
        if (imported.ok()) checkTotalSize(imported);
        return imported.result();
    }

    /** A NUL or a lone surrogate in any case is refused, naming the case and its field (see JsonBodyText). */
    private static void checkText(ImportedCases imported) {
        for (int i = 0; i < imported.cases().size(); i++) {
            for (Violation v : io.benchmarkhub.api.web.JsonBodyText.check(
                    ImportedCases.JSON.valueToTree(imported.cases().get(i)))) {
                imported.problem("cases[" + i + "]" + (v.field().equals("$") ? "" : "." + v.field()), v.message());
            }
        }
    }

    private static void checkTotalSize(ImportedCases imported) {
        long total = 0;
        for (TestCase c : imported.cases()) {
            try {
                total += ImportedCases.JSON.writeValueAsBytes(c).length;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed case cannot be written as JSON", e);
            }
        }
        if (total > MAX_TOTAL_JSON_BYTES) {
            imported.problem(
                    "body",
                    "the cases come to " + total + " bytes of JSON; an import may hold at most " + MAX_TOTAL_JSON_BYTES
                            + " (" + (MAX_TOTAL_JSON_BYTES >> 20) + " MiB)");
        }
    }
}

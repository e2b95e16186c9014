package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.BenchmarkRules;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import java.util.ArrayList;
import java.util.List;

/** What a format reader collects while it reads: the cases, and the problems (the first {@value CaseImport#MAX_PROBLEMS} of them). */
final class ImportedCases {

    /** Strict on input: a duplicate key or text after the value is a problem, not something silently dropped. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<TestCase> cases = new ArrayList<>();
    private final List<Violation> problems = new ArrayList<>();
    private int problemCount;
    private boolean overLimit;
    /** Set by the promptfoo reader. */
    CaseImport.Config config;

    /** Adds a case; false once the file holds more cases than a benchmark may, and the reader should stop. */
    boolean add(TestCase testCase) {
        if (cases.size() >= BenchmarkRules.MAX_CASES) {
            if (!overLimit)
                problem(
                        "body",
                        "a benchmark holds at most " + BenchmarkRules.MAX_CASES + " cases; this file holds more");
            overLimit = true;
            return false;
        }
        cases.add(testCase);
        return true;
    }

    void problem(String where, String message) {
        problemCount++;
        if (problems.size() < CaseImport.MAX_PROBLEMS) problems.add(new Violation(where, message));
    }

    boolean ok() {
        return problemCount == 0;
    }

    int problemCount() {
        return problemCount;
    }

    List<TestCase> cases() {
        return cases;
    }

    /**
     * Puts a field that has no place of its own in a case into its metadata; a key that the
     * metadata already has is a problem rather than an overwrite, so nothing is lost silently.
     */
    boolean putMetadata(ObjectNode metadata, String key, JsonNode value, String where) {
        if (metadata.has(key)) {
            problem(where, "'" + key + "' appears both as a field of its own and inside metadata; rename one of them");
            return false;
        }
        metadata.set(key, value);
        return true;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<io.benchmarkhub.domain.grading.Grader>>
            GRADERS = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    /** A case's own graders as JSON, each with its type. */
    static JsonNode gradersTree(List<io.benchmarkhub.domain.grading.Grader> graders) {
        try {
            return JSON.readTree(JSON.writerFor(GRADERS).writeValueAsString(graders));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("graders always serialise", e);
        }
    }

    /** A case's own graders from a file; null (and a problem) when they are not a list of graders. */
    List<io.benchmarkhub.domain.grading.Grader> graders(JsonNode node, String where) {
        if (node == null || node.isNull()) return null;
        if (!node.isArray()) {
            problem(where, "graders must be an array of grader objects");
            return null;
        }
        try {
            return JSON.readerFor(GRADERS).readValue(node);
        } catch (java.io.IOException e) {
            problem(
                    where,
                    "graders: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p
                                    ? p.getOriginalMessage()
                                    : e.getMessage()));
            return null;
        }
    }

    CaseImport.Parsed result() {
        return new CaseImport.Parsed(
                problemCount == 0 ? cases : List.of(), problems, problemCount, problemCount == 0 ? config : null);
    }
}

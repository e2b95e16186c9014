package io.benchmarkhub.domain.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How an answer is graded. Deterministic graders compare the model output with the case's
 * {@code expected} unless they carry their own {@code value}/{@code pattern}/{@code schema}.
 * The JSON form is {@code {"type": "<name>", ...}}; unknown types and unknown fields are rejected.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Grader.Exact.class, name = "exact"),
    @JsonSubTypes.Type(value = Grader.Contains.class, name = "contains"),
    @JsonSubTypes.Type(value = Grader.Regex.class, name = "regex"),
    @JsonSubTypes.Type(value = Grader.JsonValid.class, name = "json-valid"),
    @JsonSubTypes.Type(value = Grader.JsonSchema.class, name = "json-schema"),
    @JsonSubTypes.Type(value = Grader.Numeric.class, name = "numeric"),
    @JsonSubTypes.Type(value = Grader.Similarity.class, name = "similarity"),
    @JsonSubTypes.Type(value = Grader.LlmJudge.class, name = "llm-judge"),
    @JsonSubTypes.Type(value = Grader.StartsWith.class, name = "starts-with"),
    @JsonSubTypes.Type(value = Grader.ContainsAny.class, name = "contains-any"),
    @JsonSubTypes.Type(value = Grader.ContainsAll.class, name = "contains-all"),
    @JsonSubTypes.Type(value = Grader.Not.class, name = "not"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Grader {

    List<String> TYPES = List.of(
            "exact",
            "contains",
            "regex",
            "json-valid",
            "json-schema",
            "numeric",
            "similarity",
            "llm-judge",
            "starts-with",
            "contains-any",
            "contains-all",
            "not");

    /** Problems with this grader's own settings; {@code path} prefixes the field names. */
    default List<Violation> violations(String path) {
        return List.of();
    }

    /** Equal to {@code value} (or the case's expected), optionally ignoring case. */
    record Exact(String value, Boolean ignoreCase) implements Grader {}

    /** Contains {@code value} (or the case's expected), optionally ignoring case. */
    record Contains(String value, Boolean ignoreCase) implements Grader {}

    /** Matches {@code pattern} (or the case's expected, as a pattern). */
    record Regex(String pattern) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            if (pattern == null) return List.of();
            try {
                Pattern.compile(pattern);
                return List.of();
            } catch (PatternSyntaxException e) {
                return List.of(
                        new Violation(path + ".pattern", "not a valid regular expression: " + e.getDescription()));
            }
        }
    }

    /** The output parses as JSON. */
    record JsonValid() implements Grader {}

    /** The output is JSON valid against {@code schema} (or the case's expected, as a schema). */
    record JsonSchema(JsonNode schema) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            return schema == null || schema.isObject() || schema.isBoolean()
                    ? List.of()
                    : List.of(new Violation(path + ".schema", "must be a JSON Schema object"));
        }
    }

    /** The output is a number within {@code tolerance} of {@code value} (or the case's expected). */
    record Numeric(Double value, Double tolerance) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            return tolerance != null && (tolerance < 0 || tolerance.isNaN())
                    ? List.of(new Violation(path + ".tolerance", "must be zero or positive"))
                    : List.of();
        }
    }

    /** Text similarity with {@code value} (or the case's expected) of at least {@code threshold} in [0,1]. */
    record Similarity(String value, Double threshold) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            return threshold != null && !(threshold >= 0 && threshold <= 1)
                    ? List.of(new Violation(path + ".threshold", "must be between 0 and 1"))
                    : List.of();
        }
    }

    /** A panel of LLM judges scores the output against {@code rubric}; passes at {@code passThreshold}. */
    record LlmJudge(String rubric, List<String> panel, Double passThreshold) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            var problems = new ArrayList<Violation>();
            if (rubric == null || rubric.isBlank()) problems.add(new Violation(path + ".rubric", "must not be blank"));
            if (panel != null) {
                if (panel.isEmpty())
                    problems.add(new Violation(path + ".panel", "must name at least one judge model, or be left out"));
                for (int i = 0; i < panel.size(); i++) {
                    if (panel.get(i) == null || panel.get(i).isBlank()) {
                        problems.add(new Violation(path + ".panel[" + i + "]", "must be a model id"));
                    }
                }
            }
            if (passThreshold != null && !(passThreshold >= 0 && passThreshold <= 1)) {
                problems.add(new Violation(path + ".passThreshold", "must be between 0 and 1"));
            }
            return problems;
        }
    }

    /** Starts with {@code value} (or the case's expected), optionally ignoring case; leading whitespace is ignored. */
    record StartsWith(String value, Boolean ignoreCase) implements Grader {}

    /** Contains at least one of {@code values}, optionally ignoring case. */
    record ContainsAny(List<String> values, Boolean ignoreCase) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            return textList(path + ".values", values);
        }
    }

    /** Contains every one of {@code values}, optionally ignoring case. */
    record ContainsAll(List<String> values, Boolean ignoreCase) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            return textList(path + ".values", values);
        }
    }

    /** Passes when the deterministic {@code grader} fails, and the other way round; scores 1 − its score. */
    record Not(Grader grader) implements Grader {
        @Override
        public List<Violation> violations(String path) {
            if (grader == null)
                return List.of(new Violation(path + ".grader", "is required: the grader whose opposite this is"));
            if (grader instanceof LlmJudge)
                return List.of(new Violation(path + ".grader", "must be a deterministic grader, not llm-judge"));
            return grader.violations(path + ".grader");
        }
    }

    private static List<Violation> textList(String path, List<String> values) {
        if (values == null || values.isEmpty()) return List.of(new Violation(path, "must hold at least one text"));
        var problems = new ArrayList<Violation>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isEmpty())
                problems.add(new Violation(path + "[" + i + "]", "must be a non-empty text"));
        }
        return problems;
    }
}

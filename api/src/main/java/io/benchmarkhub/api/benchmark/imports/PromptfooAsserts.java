package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.benchmark.DecisionCriterion;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.run.TrialScoring;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * promptfoo assertions onto BenchmarkHub graders (issue 15). Each assertion becomes a grader, a decision criterion
 * ({@code cost}, {@code latency}: per-trial budgets become the benchmark's rubric), or is reported as not mapped with the
 * reason; none is dropped silently (the test's assertions are also kept in its metadata).
 * <p>
 * {@code llm-rubric} and {@code model-graded-closedqa} become {@code llm-judge} graders of the benchmark when they are in
 * {@code defaultTest}; a single test's judge is not mapped (a case's own graders are deterministic).
 */
final class PromptfooAsserts {

    /** The outcome for one assertion: a grader, or a criterion, or the reason it was not mapped. */
    record Mapped(Grader grader, DecisionCriterion criterion, String as, String notMapped) {
        static Mapped grader(Grader grader, String as) {
            return new Mapped(grader, null, as, null);
        }

        static Mapped not(String reason) {
            return new Mapped(null, null, null, reason);
        }
    }

    private PromptfooAsserts() {}

    static String type(JsonNode assertion) {
        return assertion.path("type").asText("");
    }

    /**
     * @param benchmarkLevel whether the assertion is the benchmark's ({@code defaultTest}) rather than one test's
     */
    static Mapped map(JsonNode assertion, boolean benchmarkLevel) {
        String type = type(assertion);
        if (type.isEmpty()) return Mapped.not("has no type");
        if (type.startsWith("not-")) {
            String inner = type.substring(4);
            if (inner.equals("llm-rubric")
                    || inner.equals("model-graded-closedqa")
                    || inner.equals("cost")
                    || inner.equals("latency")) {
                return Mapped.not("the not- form of " + inner + " has no clear meaning here");
            }
            Mapped positive = map(
                    ((com.fasterxml.jackson.databind.node.ObjectNode) assertion.deepCopy()).put("type", inner),
                    benchmarkLevel);
            if (positive.grader() == null) return positive;
            return Mapped.grader(new Grader.Not(positive.grader()), "not(" + positive.as() + ")");
        }
        JsonNode value = assertion.get("value");
        Double threshold =
                assertion.hasNonNull("threshold") && assertion.get("threshold").isNumber()
                        ? assertion.get("threshold").doubleValue()
                        : null;
        return switch (type) {
            case "equals" ->
                text(value)
                        .map(v -> Mapped.grader(new Grader.Exact(v, null), "exact"))
                        .orElse(Mapped.not("equals needs a text or number value"));
            case "contains", "icontains" ->
                text(value)
                        .map(v -> Mapped.grader(
                                new Grader.Contains(v, type.equals("icontains") ? true : null),
                                type.equals("icontains") ? "contains (ignoreCase)" : "contains"))
                        .orElse(Mapped.not(type + " needs a text value"));
            case "starts-with" ->
                text(value)
                        .map(v -> Mapped.grader(new Grader.StartsWith(v, null), "starts-with"))
                        .orElse(Mapped.not("starts-with needs a text value"));
            case "contains-any", "icontains-any" ->
                texts(value)
                        .map(v -> Mapped.grader(
                                new Grader.ContainsAny(v, type.startsWith("i") ? true : null),
                                "contains-any" + (type.startsWith("i") ? " (ignoreCase)" : "")))
                        .orElse(Mapped.not(type + " needs a list of texts"));
            case "contains-all", "icontains-all" ->
                texts(value)
                        .map(v -> Mapped.grader(
                                new Grader.ContainsAll(v, type.startsWith("i") ? true : null),
                                "contains-all" + (type.startsWith("i") ? " (ignoreCase)" : "")))
                        .orElse(Mapped.not(type + " needs a list of texts"));
            case "regex" ->
                text(value)
                        .map(v -> Mapped.grader(new Grader.Regex(v), "regex"))
                        .orElse(Mapped.not("regex needs a pattern"));
            case "is-json" ->
                value == null || value.isNull()
                        ? Mapped.grader(new Grader.JsonValid(), "json-valid")
                        : value.isObject() || value.isBoolean()
                                ? Mapped.grader(new Grader.JsonSchema(value.deepCopy()), "json-schema")
                                : Mapped.not(
                                        "is-json with a schema file reference is not followed; give the schema inline");
            case "similar" ->
                text(value)
                        .map(v -> Mapped.grader(
                                new Grader.Similarity(v, threshold != null ? threshold : 0.75),
                                "similarity (edit distance, not embeddings)"))
                        .orElse(Mapped.not("similar needs a text value"));
            case "llm-rubric" -> judge(text(value), threshold, benchmarkLevel, "", "llm-rubric");
            case "model-graded-closedqa" ->
                judge(
                        text(value),
                        threshold,
                        benchmarkLevel,
                        "Answer 1 if the output meets this criterion, 0 if it does not: ",
                        "model-graded-closedqa");
            case "cost" ->
                threshold == null
                        ? Mapped.not("cost needs a threshold (dollars)")
                        : new Mapped(
                                null,
                                new DecisionCriterion(
                                        DecisionCriterion.Metric.COST_PER_CASE_MICROS,
                                        DecisionCriterion.Comparison.AT_MOST,
                                        Math.round(threshold * 1_000_000),
                                        DecisionCriterion.Severity.MUST),
                                "decision criterion costPerCaseMicros <= " + Math.round(threshold * 1_000_000),
                                null);
            case "latency" ->
                threshold == null
                        ? Mapped.not("latency needs a threshold (milliseconds)")
                        : new Mapped(
                                null,
                                new DecisionCriterion(
                                        DecisionCriterion.Metric.LATENCY_P95_MS,
                                        DecisionCriterion.Comparison.AT_MOST,
                                        threshold,
                                        DecisionCriterion.Severity.MUST),
                                "decision criterion latencyP95Ms <= " + threshold.longValue(),
                                null);
            case "javascript", "python" ->
                Mapped.not(type + " assertions run code and are not supported; kept in the case's metadata");
            default -> Mapped.not("the assertion type '" + type + "' is not supported; kept in the case's metadata");
        };
    }

    private static Mapped judge(
            Optional<String> rubric, Double threshold, boolean benchmarkLevel, String prefix, String type) {
        if (rubric.isEmpty() || rubric.get().isBlank()) return Mapped.not(type + " needs a rubric text value");
        if (!benchmarkLevel) {
            // the case's own judge, asked of the run's panel; it passes at the default threshold
            return Mapped.grader(
                    new Grader.LlmJudge(prefix + rubric.get(), null, null),
                    threshold == null
                            ? "llm-judge"
                            : "llm-judge (passes at " + TrialScoring.DEFAULT_JUDGE_PASS_THRESHOLD
                                    + ": a case's own judge keeps no threshold " + threshold + ")");
        }
        return Mapped.grader(new Grader.LlmJudge(prefix + rubric.get(), null, threshold), "llm-judge");
    }

    private static Optional<String> text(JsonNode value) {
        if (value == null || value.isNull()) return Optional.empty();
        if (value.isTextual())
            return value.textValue().startsWith("file://") ? Optional.empty() : Optional.of(value.textValue());
        if (value.isNumber() || value.isBoolean()) return Optional.of(value.asText());
        return Optional.empty();
    }

    /** A list of texts, or promptfoo's comma-separated string. */
    private static Optional<List<String>> texts(JsonNode value) {
        if (value == null || value.isNull()) return Optional.empty();
        var list = new ArrayList<String>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                Optional<String> text = text(item);
                if (text.isEmpty()) return Optional.empty();
                list.add(text.get());
            }
        } else if (value.isTextual()) {
            for (String part : value.textValue().split(",")) {
                if (!part.strip().isEmpty()) list.add(part.strip());
            }
        }
        return list.isEmpty() ? Optional.empty() : Optional.of(list);
    }
}

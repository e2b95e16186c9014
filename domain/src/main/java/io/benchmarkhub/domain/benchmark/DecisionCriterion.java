package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A line of the decision rubric that turns a run comparison into a ship decision, e.g.
 * {@code passRate >= 0.85 (MUST), ideal 0.9, weight 40}. {@code threshold} bounds the acceptable range: a failed
 * MUST means DONT_SHIP; a failed SHOULD means SHIP_WITH_CAVEATS. {@code ideal} (optional) is the same comparison at a
 * stricter bound: whether it is met is reported, it never changes the verdict. {@code weight} (optional, 0-100) is
 * the line's share of the weighted rubric score. Both are left out of JSON when absent, so criteria stored before the
 * rubric (ADR 0035) read as they are and are written as they were.
 */
public record DecisionCriterion(
        Metric metric,
        Comparison op,
        double threshold,
        Severity severity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double ideal,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double weight) {

    @JsonCreator
    public DecisionCriterion {
        severity = severity == null ? Severity.MUST : severity;
    }

    /** A line without an ideal bound or a weight, as every criterion was before the rubric. */
    public DecisionCriterion(Metric metric, Comparison op, double threshold, Severity severity) {
        this(metric, op, threshold, severity, null, null);
    }

    /** Whether {@code candidate} is at least as strict a bound as {@code threshold} under {@code op}. */
    public static boolean atLeastAsStrict(Comparison op, double candidate, double threshold) {
        return switch (op) {
            case AT_LEAST, ABOVE -> candidate >= threshold;
            case AT_MOST, BELOW -> candidate <= threshold;
        };
    }

    public enum Severity {
        MUST,
        SHOULD
    }

    public enum Metric {
        SCORE("score"),
        PASS_RATE("passRate"),
        SCORE_DELTA("scoreDelta"),
        COST_PER_CASE_MICROS("costPerCaseMicros"),
        LATENCY_P95_MS("latencyP95Ms");

        private final String json;

        Metric(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        @JsonCreator
        public static Metric fromJson(String value) {
            return Arrays.stream(values())
                    .filter(m -> m.json.equals(value))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + value + "'; known: "
                            + Arrays.stream(values()).map(Metric::json).toList()));
        }
    }

    public enum Comparison {
        AT_LEAST(">="),
        AT_MOST("<="),
        ABOVE(">"),
        BELOW("<");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        @JsonValue
        public String symbol() {
            return symbol;
        }

        @JsonCreator
        public static Comparison fromJson(String value) {
            return Arrays.stream(values())
                    .filter(c -> c.symbol.equals(value))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("unknown comparison '" + value + "'; known: >=, <=, >, <"));
        }

        public boolean holds(double actual, double threshold) {
            return switch (this) {
                case AT_LEAST -> actual >= threshold;
                case AT_MOST -> actual <= threshold;
                case ABOVE -> actual > threshold;
                case BELOW -> actual < threshold;
            };
        }
    }
}

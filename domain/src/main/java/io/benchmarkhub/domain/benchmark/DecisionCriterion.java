package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * A rule that turns a run comparison into a ship decision, e.g. {@code passRate >= 0.9 (MUST)}.
 * A failed MUST means DONT_SHIP; a failed SHOULD means SHIP_WITH_CAVEATS.
 */
public record DecisionCriterion(Metric metric, Comparison op, double threshold, Severity severity) {

    public DecisionCriterion {
        severity = severity == null ? Severity.MUST : severity;
    }

    public enum Severity { MUST, SHOULD }

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
            return Arrays.stream(values()).filter(m -> m.json.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + value + "'; known: "
                            + Arrays.stream(values()).map(Metric::json).toList()));
        }
    }

    public enum Comparison {
        AT_LEAST(">="), AT_MOST("<="), ABOVE(">"), BELOW("<");

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
            return Arrays.stream(values()).filter(c -> c.symbol.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown comparison '" + value + "'; known: >=, <=, >, <"));
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

package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One test case. {@code input} is a string, a list of chat messages or an object of template
 * variables; {@code expected} is what deterministic graders compare against (optional).
 * {@code weight} is how much the case counts in a run's score (default {@value #DEFAULT_WEIGHT}).
 * {@code id} and {@code weight} are null only in a command, before the benchmark fills them in; every
 * event carries both (events stored before weights existed get {@value #DEFAULT_WEIGHT} from their upcaster).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestCase(String id, JsonNode input, JsonNode expected, List<String> tags, JsonNode metadata, Double weight) {

    public static final double DEFAULT_WEIGHT = 1.0;
    public static final double MAX_WEIGHT = 1000.0;

    public TestCase {
        input = absentIfNull(input);
        expected = absentIfNull(expected);
        metadata = absentIfNull(metadata);
        tags = Lists.copy(tags);
    }

    /** A case without a weight (the default applies when the benchmark accepts it). */
    public TestCase(String id, JsonNode input, JsonNode expected, List<String> tags, JsonNode metadata) {
        this(id, input, expected, tags, metadata, null);
    }

    /** An explicit JSON null means "not given": {"expected": null} and no expected are the same case. */
    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    public TestCase withId(String newId) {
        return new TestCase(newId, input, expected, tags, metadata, weight);
    }

    /** The weight, {@value #DEFAULT_WEIGHT} when none was given. */
    public double weightOrDefault() {
        return weight == null ? DEFAULT_WEIGHT : weight;
    }

    /** This case as the benchmark stores it: with its weight filled in. */
    public TestCase withDefaultWeight() {
        return weight != null ? this : new TestCase(id, input, expected, tags, metadata, DEFAULT_WEIGHT);
    }

    /**
     * The canonical JSON this case contributes to the content hash and the size limit. The default weight is left out,
     * so every case stored before weights existed hashes exactly as it did then, and a run's pinned hash stays true.
     */
    public String canonical() {
        boolean defaultWeight = weight == null || weight == DEFAULT_WEIGHT;
        return CanonicalJson.string(defaultWeight ? new TestCase(id, input, expected, tags, metadata, null) : this);
    }
}

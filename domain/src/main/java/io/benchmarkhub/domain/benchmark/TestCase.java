package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.domain.grading.Grader;
import java.util.List;

/**
 * One test case. {@code input} is a string, a list of chat messages or an object of template
 * variables; {@code expected} is what deterministic graders compare against (optional).
 * {@code weight} is how much the case counts in a run's score (default {@value #DEFAULT_WEIGHT}).
 * {@code id} and {@code weight} are null only in a command, before the benchmark fills them in; every
 * event carries both (events stored before weights existed get {@value #DEFAULT_WEIGHT} from their upcaster).
 * {@code graders} are the case's own graders, applied after the benchmark's (null when it has none: events stored
 * before cases had graders simply lack the field, and an empty list is normalised to null so both hash alike).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestCase(
        String id,
        JsonNode input,
        JsonNode expected,
        List<String> tags,
        JsonNode metadata,
        Double weight,
        List<Grader> graders) {

    public static final double DEFAULT_WEIGHT = 1.0;
    public static final double MAX_WEIGHT = 1000.0;

    public TestCase {
        input = absentIfNull(input);
        expected = absentIfNull(expected);
        metadata = absentIfNull(metadata);
        tags = Lists.copy(tags);
        graders = graders == null || graders.isEmpty() ? null : Lists.copy(graders);
    }

    /** A case without graders of its own. */
    public TestCase(String id, JsonNode input, JsonNode expected, List<String> tags, JsonNode metadata, Double weight) {
        this(id, input, expected, tags, metadata, weight, null);
    }

    /** A case without a weight (the default applies when the benchmark accepts it). */
    public TestCase(String id, JsonNode input, JsonNode expected, List<String> tags, JsonNode metadata) {
        this(id, input, expected, tags, metadata, null, null);
    }

    /** An explicit JSON null means "not given": {"expected": null} and no expected are the same case. */
    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    public TestCase withId(String newId) {
        return new TestCase(newId, input, expected, tags, metadata, weight, graders);
    }

    /** The case's own graders; empty when it has none. */
    public List<Grader> ownGraders() {
        return graders == null ? List.of() : graders;
    }

    /** The weight, {@value #DEFAULT_WEIGHT} when none was given. */
    public double weightOrDefault() {
        return weight == null ? DEFAULT_WEIGHT : weight;
    }

    /** This case as the benchmark stores it: with its weight filled in. */
    public TestCase withDefaultWeight() {
        return weight != null ? this : new TestCase(id, input, expected, tags, metadata, DEFAULT_WEIGHT, graders);
    }

    /**
     * The canonical JSON this case contributes to the content hash and the size limit. The default weight is left out,
     * so every case stored before weights existed hashes exactly as it did then, and a run's pinned hash stays true.
     */
    public String canonical() {
        boolean defaultWeight = weight == null || weight == DEFAULT_WEIGHT;
        return CanonicalJson.string(
                defaultWeight ? new TestCase(id, input, expected, tags, metadata, null, graders) : this);
    }
}

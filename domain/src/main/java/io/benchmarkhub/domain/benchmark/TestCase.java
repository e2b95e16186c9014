package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One test case. {@code input} is a string, a list of chat messages or an object of template
 * variables; {@code expected} is what deterministic graders compare against (optional).
 * {@code id} is null only in a command, before the benchmark assigns one; every event carries it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestCase(String id, JsonNode input, JsonNode expected, List<String> tags, JsonNode metadata) {

    public TestCase {
        input = absentIfNull(input);
        expected = absentIfNull(expected);
        metadata = absentIfNull(metadata);
        tags = Lists.copy(tags);
    }

    /** An explicit JSON null means "not given": {"expected": null} and no expected are the same case. */
    private static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    public TestCase withId(String newId) {
        return new TestCase(newId, input, expected, tags, metadata);
    }
}

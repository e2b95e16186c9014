package io.benchmarkhub.api.benchmark.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.domain.benchmark.TestCase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Lines: one JSON object per non-blank line, {@code {id?, input, expected?, tags?, metadata?, weight?, graders?}}
 * or an OpenAI Evals sample {@code {input: [chat messages], ideal}} ({@code ideal} becomes
 * {@code expected} unless the line has one). Any other key is kept in {@code metadata}.
 * Problems are named {@code line N}, counting every line of the file from 1.
 */
final class JsonlCases {

    private static final Set<String> CASE_FIELDS =
            Set.of("id", "input", "expected", "tags", "metadata", "weight", "graders");

    private JsonlCases() {}

    static void read(String text, ImportedCases imported) {
        Iterator<String> lines = text.lines().iterator();
        for (int n = 1; lines.hasNext(); n++) {
            String line = lines.next();
            if (line.isBlank()) continue;
            TestCase testCase = readLine(line, "line " + n, imported);
            if (testCase != null && !imported.add(testCase)) return;
        }
    }

    private static TestCase readLine(String line, String where, ImportedCases imported) {
        JsonNode node;
        try {
            node = ImportedCases.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            imported.problem(
                    where,
                    e.getOriginalMessage() + (location != null ? " (column " + location.getColumnNr() + ")" : ""));
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            imported.problem(where, "must be a JSON object, not " + kind(node));
            return null;
        }
        int before = imported.problemCount();
        String id = id(object.get("id"), where, imported);
        JsonNode input = present(object.get("input"));
        if (input == null) imported.problem(where, "has no input");
        JsonNode expected = present(object.get("expected"));
        boolean idealIsExpected = expected == null && present(object.get("ideal")) != null;
        if (idealIsExpected) expected = object.get("ideal");
        List<String> tags = tags(object.get("tags"), where, imported);
        Double weight = null;
        JsonNode givenWeight = present(object.get("weight"));
        if (givenWeight != null && givenWeight.isNumber()) weight = givenWeight.doubleValue();
        else if (givenWeight != null) imported.problem(where, "weight must be a number, not " + kind(givenWeight));

        var graders = imported.graders(object.get("graders"), where);

        ObjectNode metadata = null;
        JsonNode given = present(object.get("metadata"));
        if (given instanceof ObjectNode givenObject) {
            metadata = givenObject.deepCopy();
        } else if (given != null) {
            imported.problem(where, "metadata must be a JSON object, not " + kind(given));
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey();
            if (CASE_FIELDS.contains(key) || (idealIsExpected && key.equals("ideal"))) continue;
            if (metadata == null) metadata = JsonNodeFactory.instance.objectNode();
            imported.putMetadata(metadata, key, field.getValue(), where);
        }
        return imported.problemCount() == before
                ? new TestCase(id, input, expected, tags, metadata, weight, graders)
                : null;
    }

    /** A case id is a string; a whole number is taken as its digits. */
    private static String id(JsonNode node, String where, ImportedCases imported) {
        if (present(node) == null) return null;
        if (node.isTextual()) return node.textValue();
        if (node.isIntegralNumber()) return node.asText();
        imported.problem(where, "id must be a string, not " + kind(node));
        return null;
    }

    private static List<String> tags(JsonNode node, String where, ImportedCases imported) {
        if (present(node) == null) return null;
        if (!node.isArray()) {
            imported.problem(where, "tags must be an array of strings, not " + kind(node));
            return null;
        }
        var tags = new ArrayList<String>(node.size());
        for (JsonNode tag : node) {
            if (!tag.isTextual()) {
                imported.problem(where, "tags must be an array of strings; one is " + kind(tag));
                return null;
            }
            tags.add(tag.textValue());
        }
        return tags;
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}

package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON form used for content hashes and size limits: object keys sorted
 * (recursively, including free-form input and metadata), nulls left out, no whitespace, UTF-8.
 */
public final class CanonicalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private CanonicalJson() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(sorted(MAPPER.valueToTree(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical JSON", e);
        }
    }

    public static String string(Object value) {
        return new String(bytes(value), StandardCharsets.UTF_8);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode child = object.get(name);
                if (!child.isNull()) copy.set(name, sorted(child));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(array.size());
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) copy.add(sorted(it.next()));
            return copy;
        }
        return node;
    }
}

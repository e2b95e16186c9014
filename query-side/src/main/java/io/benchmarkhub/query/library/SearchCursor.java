package io.benchmarkhub.query.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchmarkhub.query.library.LibrarySearch.Sort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code nextCursor}: the sort and the sort-key values of a page's last item (a keyset
 * on PostgreSQL, {@code search_after} on Elasticsearch), base64url-encoded JSON. A cursor is only
 * valid for the sort, engine and query it came from; a foreign or damaged one is a 400.
 */
public final class SearchCursor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cursor that cannot be read, or that belongs to another sort or engine. */
    public static final class InvalidCursor extends IllegalArgumentException {
        public InvalidCursor(String message) {
            super(message);
        }
    }

    private SearchCursor() {}

    /** {@code values}: Long, Double, String or null. */
    public static String encode(String engine, Sort sort, List<?> values) {
        ObjectNode node = JSON.createObjectNode().put("e", engine).put("s", sort.name());
        ArrayNode keys = node.putArray("k");
        for (Object v : values) {
            switch (v) {
                case null -> keys.addNull();
                case Long l -> keys.add(l);
                case Integer i -> keys.add(i.longValue());
                case Double d -> keys.add(d);
                case String s -> keys.add(s);
                default -> throw new IllegalArgumentException("unsupported cursor value " + v.getClass());
            }
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The sort-key values in {@code cursor}, checked against the engine, the sort and the number of keys expected. */
    public static List<Object> decode(String cursor, String engine, Sort sort, int keys) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new InvalidCursor("not a cursor of this API");
        }
        if (node == null
                || !engine.equals(node.path("e").asText())
                || !node.path("k").isArray()) {
            throw new InvalidCursor("not a cursor of this API");
        }
        if (!sort.name().equals(node.path("s").asText())) {
            throw new InvalidCursor("the cursor belongs to another sort; start again without a cursor");
        }
        if (node.get("k").size() != keys)
            throw new InvalidCursor("the cursor belongs to another query; start again without a cursor");
        var values = new ArrayList<Object>();
        for (JsonNode k : node.get("k")) {
            if (k.isNull()) values.add(null);
            else if (k.isIntegralNumber()) values.add(k.longValue());
            else if (k.isNumber()) values.add(k.doubleValue());
            else if (k.isTextual()) values.add(k.textValue());
            else throw new InvalidCursor("not a cursor of this API");
        }
        return values;
    }
}

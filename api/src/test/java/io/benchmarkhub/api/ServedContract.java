package io.benchmarkhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document the app serves, used to check the app's real answers (issue 12 item 9): every integration test
 * that goes through {@link ApiTestBase#exchange} has each answer checked here. An error under {@code /api} must be
 * problem+json; a JSON answer of a documented operation must have a documented status and match its schema.
 */
public final class ServedContract {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .discriminatorKeywordEnabled(true)
            .formatAssertionsEnabled(false)
            .build();

    private record Route(String method, String template, Pattern pattern, int literals, JsonNode operation) {}

    private final JsonNode spec;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    public ServedContract(JsonNode spec) {
        this.spec = spec;
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            String template = path.getKey();
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : template.substring(1).split("/")) {
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            Pattern pattern = Pattern.compile(regex.toString());
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                routes.add(new Route(op.getKey().toUpperCase(), template, pattern, literals, op.getValue()));
            }
        }
        routes.sort(Comparator.comparingInt(Route::literals).reversed());
    }

    /** What is wrong with this answer, as readable lines; empty when it keeps the contract. */
    public List<String> check(
            ObjectMapper mapper, String method, URI uri, int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/api/")) return problems;
        String type = contentType == null ? "" : contentType.toLowerCase();
        if (status >= 400) {
            if (!type.startsWith("application/problem+json")) {
                problems.add(method + " " + path + " answered " + status + " as '" + contentType
                        + "', not application/problem+json: " + abbreviate(body));
            } else {
                try {
                    JsonNode problem = mapper.readTree(body);
                    if (problem.path("status").asInt() != status
                            || !problem.path("title").isTextual()) {
                        problems.add(method + " " + path + " answered " + status
                                + " with a problem whose status or title is wrong: " + abbreviate(body));
                    }
                } catch (Exception e) {
                    problems.add(method + " " + path + " answered " + status + " with a problem that is not JSON: "
                            + abbreviate(body));
                }
            }
        }
        Route route = routes.stream()
                .filter(r ->
                        r.method().equals(method) && r.pattern().matcher(path).matches())
                .findFirst()
                .orElse(null);
        if (route == null || status < 200 || status >= 300) return problems;
        JsonNode responses = route.operation().path("responses");
        JsonNode response = responses.has(String.valueOf(status))
                ? responses.get(String.valueOf(status))
                : responses.get("default");
        if (response == null) {
            problems.add(method + " " + route.template() + " answered " + status
                    + ", which the document does not list (it lists " + iterable(responses.fieldNames()) + ")");
            return problems;
        }
        boolean json = type.startsWith("application/json") || type.contains("+json");
        if (!json || body == null || body.isEmpty()) return problems;
        String mediaType = type.split(";")[0].strip();
        JsonNode content = response.path("content");
        JsonNode media =
                content.has(mediaType) ? content.get(mediaType) : content.has("*/*") ? content.get("*/*") : null;
        if (media == null || !media.has("schema")) {
            if (!content.isEmpty())
                problems.add(method + " " + route.template() + " answered " + status + " as " + mediaType
                        + ", which the document does not list (it lists " + iterable(content.fieldNames()) + ")");
            return problems;
        }
        String key = route.method() + " " + route.template() + " " + status + " " + mediaType;
        JsonSchema schema = schemas.computeIfAbsent(key, k -> compile(media.get("schema")));
        try {
            JsonNode value = mapper.readTree(body);
            for (ValidationMessage message : schema.validate(value)) {
                problems.add(method + " " + route.template() + " " + status + ": " + message.getMessage());
                if (problems.size() > 10) break;
            }
        } catch (Exception e) {
            problems.add(
                    method + " " + route.template() + " " + status + ": the body is not JSON: " + abbreviate(body));
        }
        return problems;
    }

    private JsonSchema compile(JsonNode schema) {
        ObjectNode root = schema.deepCopy();
        root.set("components", spec.path("components"));
        return FACTORY.getSchema(root, CONFIG);
    }

    private static String iterable(Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return String.join(", ", all);
    }

    private static String abbreviate(String body) {
        if (body == null) return "(no body)";
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}

package io.benchmarkhub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A benchmark kept as code: a YAML or JSON file with the body of {@code POST /api/benchmarks} plus an optional {@code id}
 * of the benchmark it describes. Unknown top-level fields are refused, naming them, so a typo never drops a setting.
 */
public record BenchmarkFile(Path path, ObjectNode content) {

    static final Set<String> FIELDS = Set.of(
            "id",
            "title",
            "description",
            "tags",
            "category",
            "visibility",
            "workspaceId",
            "promptTemplate",
            "promptVariants",
            "cases",
            "graders",
            "decisionCriteria");
    static final List<String> DETAILS =
            List.of("title", "description", "tags", "category", "promptTemplate", "promptVariants");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** True when {@code argument} names a file (so {@code --benchmark} takes a file or an id). */
    public static boolean isFile(String argument) {
        return argument != null && Files.isRegularFile(Path.of(argument));
    }

    public static BenchmarkFile read(Path path) {
        if (!Files.isRegularFile(path)) throw new CliException(ExitCodes.ERROR, path + ": no such file");
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper reader = name.endsWith(".json") ? Api.JSON : YAML;
        JsonNode tree;
        try {
            tree = reader.readTree(path.toFile());
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.ERROR,
                    path + ": not valid " + (reader == YAML ? "YAML" : "JSON") + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new CliException(ExitCodes.ERROR, path + ": must be an object with title, cases, graders, …");
        }
        object.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new CliException(
                        ExitCodes.ERROR,
                        path + ": unknown field '" + field + "'; known: "
                                + FIELDS.stream().sorted().toList());
            }
        });
        if (!object.path("cases").isMissingNode() && !object.path("cases").isArray()) {
            throw new CliException(ExitCodes.ERROR, path + ": cases must be a list");
        }
        if (!object.path("graders").isMissingNode() && !object.path("graders").isArray()) {
            throw new CliException(ExitCodes.ERROR, path + ": graders must be a list");
        }
        if (!object.path("decisionCriteria").isMissingNode()
                && !object.path("decisionCriteria").isArray()) {
            throw new CliException(ExitCodes.ERROR, path + ": decisionCriteria must be a list");
        }
        if (object.has("id") && !object.get("id").isTextual()) {
            throw new CliException(ExitCodes.ERROR, path + ": id must be a benchmark id such as bm_…");
        }
        return new BenchmarkFile(path, object);
    }

    public String id() {
        JsonNode id = content.get("id");
        return id == null || id.asText().isBlank() ? null : id.asText();
    }

    /** The body of {@code POST /api/benchmarks}: the file without its id. */
    public ObjectNode createBody() {
        ObjectNode body = content.deepCopy();
        body.remove("id");
        return body;
    }
}

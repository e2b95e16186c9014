package io.benchmarkhub.api.golden;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the golden library's files ({@code golden/benchmarks/*.yaml} on the classpath) into {@link GoldenBenchmark}s.
 * Scalars are read as in YAML 1.2 ({@code yes}, {@code no} and dates stay strings); the mapping into the domain's
 * types is Jackson's, so an unknown grader type or field fails the file.
 */
public final class GoldenLibraryFiles {

    public static final String LOCATION = "classpath*:golden/benchmarks/*.yaml";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The mapper the files are read with. */
    public static final ObjectMapper MAPPER = JSON;

    private GoldenLibraryFiles() {}

    /** Every golden benchmark on the classpath, in file-name order. */
    public static List<GoldenBenchmark> all() {
        Resource[] resources;
        try {
            resources = new PathMatchingResourcePatternResolver().getResources(LOCATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var benchmarks = new ArrayList<GoldenBenchmark>();
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                benchmarks.add(parse(resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        benchmarks.sort(Comparator.comparing(GoldenBenchmark::file));
        return benchmarks;
    }

    /**
     * Parses one file.
     *
     * @throws IllegalArgumentException naming the file when it is not YAML or does not map onto the format
     */
    public static GoldenBenchmark parse(String file, String text) {
        try {
            JsonNode tree = JSON.valueToTree(yaml().load(text));
            if (tree == null || !tree.isObject()) throw new IllegalArgumentException("not a YAML mapping");
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) tree;
            node.put("file", file);
            return JSON.treeToValue(node, GoldenBenchmark.class);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("golden benchmark " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file as a plain tree (for checks on fields the record does not keep). */
    public static Map<String, Object> raw(String text) {
        return yaml().load(text);
    }

    private static Yaml yaml() {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        return new Yaml(
                new SafeConstructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new Yaml12Resolver());
    }

    /** YAML 1.2 core schema scalars: only true/false, null, and plain decimal numbers are typed. */
    private static final class Yaml12Resolver extends Resolver {
        private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
        private static final Pattern FLOAT = Pattern.compile(
                "^[-+]?(?:(?:0|[1-9][0-9]*)?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+)$");
        private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL| )$");
        private static final Pattern EMPTY = Pattern.compile("^$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789", 30);
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.", 40);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}

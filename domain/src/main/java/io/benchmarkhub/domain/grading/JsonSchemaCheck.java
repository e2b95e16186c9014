package io.benchmarkhub.domain.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON Schema validation with networknt json-schema-validator. A schema without {@code $schema} is
 * read as draft 2020-12; one naming another draft (4, 6, 7, 2019-09) is read as that draft.
 * Schemas come from benchmark authors, so {@code $ref} may only point inside the schema itself or
 * to the bundled meta-schemas: nothing is fetched from the network or the file system. {@code pattern} and
 * {@code patternProperties} use the JDK engine with the {@code regex} grader's step budget ({@link BoundedRegex}).
 */
final class JsonSchemaCheck {

    private static final int MAX_REPORTED = 5;

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            // no cache: schemas are keyed by $id there, and two benchmarks may reuse one $id for different schemas
            builder -> builder.enableSchemaCache(false).schemaLoaders(loaders -> loaders.add(new LocalOnly())));

    /** The settings {@code getSchema} uses when given none (legacy {@code $.a.b} paths and all), to start each validation's from. */
    @SuppressWarnings("deprecation")
    private static final SchemaValidatorsConfig DEFAULTS = new SchemaValidatorsConfig();

    private JsonSchemaCheck() {}

    /**
     * The violations of {@code instance} against {@code schema}, empty when valid; at most a few, sorted by location.
     *
     * @throws IllegalArgumentException when the schema cannot be compiled or refers to something outside itself
     * @throws BoundedRegex.Exhausted    when its patterns use up the step budget on this instance
     */
    static List<String> violations(JsonNode schema, JsonNode instance) {
        try {
            // the pattern keywords match with the regex grader's step-bounded engine, one budget for the whole
            // validation
            long[] budget = BoundedRegex.budget();
            RegularExpressionFactory bounded = regex -> {
                Pattern compiled = Pattern.compile(regex);
                return value -> BoundedRegex.find(compiled, value, budget);
            };
            var config = SchemaValidatorsConfig.builder(DEFAULTS)
                    .regularExpressionFactory(bounded)
                    .build();
            var messages = FACTORY.getSchema(schema, config).validate(instance);
            var sorted = messages.stream()
                    .sorted(Comparator.comparing((ValidationMessage m) -> String.valueOf(m.getInstanceLocation()))
                            .thenComparing(ValidationMessage::getMessage))
                    .map(ValidationMessage::getMessage)
                    .toList();
            return sorted.size() <= MAX_REPORTED
                    ? sorted
                    : java.util.stream.Stream.concat(
                                    sorted.stream().limit(MAX_REPORTED),
                                    java.util.stream.Stream.of("and " + (sorted.size() - MAX_REPORTED) + " more"))
                            .toList();
        } catch (JsonSchemaException | IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    /** Consulted before the library's own loaders: lets the bundled meta-schemas through, refuses everything else. */
    private static final class LocalOnly implements SchemaLoader {
        @Override
        public InputStreamSource getSchema(AbsoluteIri iri) {
            String value = iri.toString();
            if (value.startsWith("classpath:") || value.startsWith("resource:")) {
                return null;
            }
            throw new IllegalArgumentException("$ref to " + value + " is not allowed: a schema must be self-contained");
        }
    }
}

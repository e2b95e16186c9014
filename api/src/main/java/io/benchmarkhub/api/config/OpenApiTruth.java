package io.benchmarkhub.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Makes the generated document say what the API really sends, because the web app and outside clients generate their
 * types from it (issue 12 item 9):
 * <ul>
 *   <li>a property of a reference type (String, Long, a record, a list…) may be null unless it is written only when
 *   set ({@code @JsonInclude(NON_NULL)}, then it is absent instead): its schema allows {@code null}. A primitive
 *   ({@code long}, {@code boolean}…) never is;</li>
 *   <li>an answer's record always writes every component, so each is {@code required} (present, possibly null);
 *   a schema that is also read from a request body is not, since a client may leave fields out there;</li>
 *   <li>a schema that no record of ours backs keeps no {@code required}, and all its references may be null.</li>
 * </ul>
 * Enums come from the Java enum types themselves (and gain {@code null} where the property may be null).
 */
@Component
class OpenApiTruth implements OpenApiCustomizer, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        if (components == null || components.getSchemas() == null) return;
        Set<String> requestSide = requestSide(openApi);
        // Scanned here, not when the bean is made: the scan reads every class of ours, which cost the app's start time
        // (docs/performance-results.md, "Cold start"), while springdoc builds the document once, on its first request.
        Map<String, Class<?>> records = scanRecords();
        components.getSchemas().forEach((name, schema) -> {
            if (name.equals("Problem")) return;
            Map<String, Schema> properties = schema.getProperties();
            if ((properties == null || properties.isEmpty()) && schema.getAllOf() != null) {
                // a subtype: allOf [its parent, {its own properties}]
                for (Object part : schema.getAllOf()) {
                    if (part instanceof Schema own && own.get$ref() == null && own.getProperties() != null) {
                        properties = own.getProperties();
                        schema = own;
                    }
                }
            }
            if (properties == null) return;
            Class<?> type = records.get(name);
            Map<String, RecordComponent> byJsonName = type == null ? Map.of() : componentsByJsonName(type);
            boolean classSkipsNulls = type != null && skipsNulls(type.getAnnotation(JsonInclude.class));
            List<String> required = new ArrayList<>();
            String discriminator = schema.getDiscriminator() != null
                    ? schema.getDiscriminator().getPropertyName()
                    : null;
            properties.replaceAll((property, propertySchema) -> {
                if (property.equals(discriminator)) return propertySchema; // the type id is always written
                RecordComponent component = byJsonName.get(property);
                if (component != null && component.getType().isPrimitive()) {
                    required.add(property);
                    return propertySchema;
                }
                boolean skipsNulls = classSkipsNulls
                        || (component != null
                                && (skipsNulls(component.getAnnotation(JsonInclude.class))
                                        || skipsNulls(component.getAccessor().getAnnotation(JsonInclude.class))));
                if (skipsNulls) return propertySchema;
                if (component != null) required.add(property);
                return nullable(propertySchema);
            });
            if (type != null && !requestSide.contains(name) && !required.isEmpty()) schema.setRequired(required);
        });
    }

    /**
     * Each subtype of a discriminated parent (the grader types) says its own type id, so a {@code oneOf} of subtypes
     * matches exactly one of them even where no discriminator is in sight (a list of graders in an answer).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static void selfDiscriminating(Schema parent, Components components) {
        if (parent.getDiscriminator() == null || parent.getDiscriminator().getMapping() == null) return;
        String property = parent.getDiscriminator().getPropertyName();
        parent.getDiscriminator().getMapping().forEach((typeId, ref) -> {
            Schema subtype = components.getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
            if (subtype == null) return;
            Schema own = subtype;
            if (subtype.getAllOf() != null) {
                for (Object part : subtype.getAllOf()) {
                    if (part instanceof Schema candidate && candidate.get$ref() == null) own = candidate;
                }
            }
            Schema constant = new Schema<>();
            constant.addType("string");
            constant.setEnum(new ArrayList<>(List.of(typeId)));
            own.addProperty(property, constant);
            if (own.getRequired() == null || !own.getRequired().contains(property)) own.addRequiredItem(property);
        });
    }

    /** {@code schema} or null. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema nullable(Schema schema) {
        if (schema.get$ref() != null
                || schema.getOneOf() != null
                || schema.getAllOf() != null
                || schema.getAnyOf() != null) {
            Schema none = new Schema<>();
            none.addType("null");
            return new Schema<>().anyOf(List.of(schema, none));
        }
        Set<String> types = schema.getTypes() != null
                ? new LinkedHashSet<>(schema.getTypes())
                : schema.getType() != null ? new LinkedHashSet<>(List.of(schema.getType())) : null;
        if (types == null) return schema; // any value, null included
        types.add("null");
        schema.setTypes(types);
        if (schema.getEnum() != null && !schema.getEnum().contains(null)) {
            List values = new ArrayList<>(schema.getEnum());
            values.add(null);
            schema.setEnum(values);
        }
        return schema;
    }

    private static boolean skipsNulls(JsonInclude include) {
        if (include == null) return false;
        return switch (include.value()) {
            case NON_NULL, NON_ABSENT, NON_EMPTY, NON_DEFAULT -> true;
            default -> false;
        };
    }

    private static Map<String, RecordComponent> componentsByJsonName(Class<?> type) {
        Map<String, RecordComponent> byName = new HashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty renamed = component.getAnnotation(JsonProperty.class);
            if (renamed == null) renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            byName.put(
                    renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName(), component);
        }
        return byName;
    }

    /** The schemas a request body refers to, directly or through other schemas. */
    @SuppressWarnings("rawtypes")
    private static Set<String> requestSide(OpenAPI openApi) {
        Deque<Schema> pending = new ArrayDeque<>();
        openApi.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(operation -> {
                    if (operation.getRequestBody() != null)
                        addAll(operation.getRequestBody().getContent(), pending);
                }));
        Set<String> names = new HashSet<>();
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
                if (names.add(name) && schemas.get(name) != null) pending.push(schemas.get(name));
                continue;
            }
            if (schema.getProperties() != null) schema.getProperties().values().forEach(p -> pending.push((Schema) p));
            if (schema.getItems() != null) pending.push(schema.getItems());
            if (schema.getAdditionalProperties() instanceof Schema additional) pending.push(additional);
            for (List<Schema> group :
                    java.util.Arrays.asList(schema.getOneOf(), schema.getAnyOf(), schema.getAllOf())) {
                if (group != null) group.forEach(pending::push);
            }
        }
        return names;
    }

    @SuppressWarnings("rawtypes")
    private static void addAll(Content content, Deque<Schema> pending) {
        if (content == null) return;
        for (MediaType media : content.values()) {
            if (media.getSchema() != null) pending.push(media.getSchema());
        }
    }

    /** Our records by simple name (the name springdoc gives their schemas); a name two records share maps to none. */
    private static Map<String, Class<?>> scanRecords() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter((reader, factory) ->
                "java.lang.Record".equals(reader.getClassMetadata().getSuperClassName()));
        Map<String, Class<?>> bySimpleName = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        ClassLoader loader = OpenApiTruth.class.getClassLoader();
        for (BeanDefinition definition : scanner.findCandidateComponents("io.benchmarkhub")) {
            try {
                Class<?> type = Class.forName(definition.getBeanClassName(), false, loader);
                if (!type.isRecord()) continue;
                if (bySimpleName.put(type.getSimpleName(), type) != null) ambiguous.add(type.getSimpleName());
            } catch (ClassNotFoundException | LinkageError e) {
                // not loadable here: its schema (if any) stays conservative
            }
        }
        ambiguous.forEach(bySimpleName::remove);
        return Map.copyOf(bySimpleName);
    }
}

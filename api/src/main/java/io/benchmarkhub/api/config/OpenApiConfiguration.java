package io.benchmarkhub.api.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.grading.Grader;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Completes the generated OpenAPI spec where annotations on the domain would not belong: the
 * grader type names of the {@code type} discriminator, bearer auth, created (201) answers and
 * the problem+json error answers every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";

    /** Runs before {@link OpenApiTruth}, which then sees the grader subtypes and the Problem schema made here. */
    @Bean
    @org.springframework.core.annotation.Order(0)
    OpenApiCustomizer benchmarkHubOpenApi() {
        return openApi -> {
            openApi.info(
                    new Info()
                            .title("BenchmarkHub API")
                            .version("v1")
                            .description(
                                    "GitHub for LLM evaluations: benchmarks, forks, the library. Errors are RFC 9457 problem+json."));
            Components components = openApi.getComponents();
            components.addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("A personal API token: Authorization: Bearer <token>"));
            components.addSecuritySchemes(
                    "session",
                    new SecurityScheme()
                            .type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.COOKIE)
                            .name("SESSION")
                            .description(
                                    "A browser session from POST /api/auth/login or /api/auth/signup (HttpOnly cookie). Writes also need "
                                            + "the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header (docs/accounts.md)."));
            openApi.addSecurityItem(new SecurityRequirement().addList("bearer"));
            openApi.addSecurityItem(new SecurityRequirement().addList("session"));
            components.addSchemas(PROBLEM, problemSchema());
            graderDiscriminator(components);
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        if (isCreation(path, method.name())) moveOkTo201(operation);
                        addProblem(operation, "400", "Invalid request: errors[] names each field");
                        addProblem(operation, "401", "Missing or bad token, or no signed-in session");
                        if (!method.name().equals("GET"))
                            addProblem(
                                    operation,
                                    "403",
                                    "Not allowed, or (browser sessions) a missing or wrong X-XSRF-TOKEN");
                        if (path.equals("/api/auth/login"))
                            addProblem(
                                    operation, "429", "Too many failed sign-ins: Retry-After says when to try again");
                        if (path.contains("{")) addProblem(operation, "404", "Not found, or private to someone else");
                        if (operation.getParameters() != null
                                && operation.getParameters().stream().anyMatch(p -> "If-Match".equals(p.getName()))) {
                            addProblem(operation, "412", "If-Match names a version that is no longer current");
                        }
                    }));
        };
    }

    /** The {@link ProblemResponse}s written on handler methods, before the generic problem answers above fill the gaps. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handlerMethod) -> {
            for (ProblemResponse problem : handlerMethod.getMethod().getAnnotationsByType(ProblemResponse.class)) {
                if (operation.getResponses() == null) operation.setResponses(new ApiResponses());
                operation.getResponses().addApiResponse(problem.status(), problem(problem.description()));
            }
            return operation;
        };
    }

    private static boolean isCreation(String path, String method) {
        return method.equals("POST")
                && (path.equals("/api/benchmarks")
                        || path.endsWith("/forks")
                        || path.equals("/api/users")
                        || path.equals("/api/tokens")
                        || path.equals("/api/auth/signup")
                        || path.equals("/api/admin/invitations"));
    }

    private static void moveOkTo201(Operation operation) {
        ApiResponse ok = operation.getResponses().remove("200");
        if (ok != null) operation.getResponses().addApiResponse("201", ok.description("Created"));
    }

    private static void addProblem(Operation operation, String status, String description) {
        operation.getResponses().putIfAbsent(status, problem(description));
    }

    /** A problem+json answer ({@code Problem} schema) described as {@code description}. */
    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema error =
                new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema());
        return new ObjectSchema()
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new Schema<Integer>().type("integer"))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new Schema<>().type("array").items(error));
    }

    /** Maps each {@code type} value (e.g. {@code llm-judge}) to its schema, from the same annotation Jackson reads. */
    private static void graderDiscriminator(Components components) {
        Schema<?> grader = components.getSchemas().get(Grader.class.getSimpleName());
        if (grader == null) return;
        Discriminator discriminator = new Discriminator().propertyName("type");
        for (JsonSubTypes.Type type :
                Grader.class.getAnnotation(JsonSubTypes.class).value()) {
            discriminator.mapping(
                    type.name(), "#/components/schemas/" + type.value().getSimpleName());
        }
        grader.discriminator(discriminator);
        OpenApiTruth.selfDiscriminating(grader, components);
        grader.description("One of the grader types " + Grader.TYPES + ", chosen by its type property.");
        Map<String, Schema> schemas = components.getSchemas();
        schemas.put(Grader.class.getSimpleName(), grader);
    }
}

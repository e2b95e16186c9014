package io.benchmarkhub.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error answer of an operation, documented as problem+json (the {@code Problem} schema) with what it means for this
 * operation. It stands for the seven-line {@code @ApiResponse(…, content = @Content(mediaType =
 * "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))} that every controller repeated;
 * {@code OpenApiConfiguration} writes it into the OpenAPI document. Statuses an operation does not
 * name get the generic description of {@code OpenApiConfiguration}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponses.class)
public @interface ProblemResponse {

    /** The HTTP status, e.g. {@code "404"}. */
    String status();

    /** What the status means for this operation. */
    String description();
}

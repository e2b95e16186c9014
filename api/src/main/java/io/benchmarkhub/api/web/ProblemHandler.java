package io.benchmarkhub.api.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.benchmarkhub.api.rebuild.RebuildException;
import io.benchmarkhub.domain.InvalidIdentifier;
import io.benchmarkhub.domain.benchmark.BenchmarkException;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.grading.Grader;
import io.benchmarkhub.domain.limits.LimitExceeded;
import io.benchmarkhub.domain.run.RunException;
import io.benchmarkhub.domain.suggestion.SuggestionException;
import io.benchmarkhub.query.InvalidQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every refusal into a problem+json that says what is wrong, and where. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(BenchmarkException.class)
    ProblemDetail benchmark(BenchmarkException e) {
        return switch (e) {
            case BenchmarkException.NotFound nf -> Problems.of(HttpStatus.NOT_FOUND, nf.getMessage());
            case BenchmarkException.CaseNotFound cnf -> Problems.of(HttpStatus.NOT_FOUND, cnf.getMessage());
            case BenchmarkException.NotPermitted np -> Problems.of(HttpStatus.FORBIDDEN, np.getMessage());
            case BenchmarkException.VersionConflict vc -> {
                ProblemDetail problem = Problems.of(HttpStatus.PRECONDITION_FAILED, vc.getMessage());
                problem.setProperty("currentVersion", vc.actual());
                yield problem;
            }
            case BenchmarkException.Invalid invalid ->
                Problems.invalid("The benchmark is not valid.", invalid.violations());
            case BenchmarkException.StateConflict sc -> Problems.of(HttpStatus.CONFLICT, sc.getMessage());
        };
    }

    @ExceptionHandler(RunException.class)
    ProblemDetail run(RunException e) {
        return switch (e) {
            case RunException.NotFound nf -> Problems.of(HttpStatus.NOT_FOUND, nf.getMessage());
            case RunException.NotPermitted np -> Problems.of(HttpStatus.FORBIDDEN, np.getMessage());
            case RunException.Invalid invalid ->
                Problems.invalid("The run request is not valid.", invalid.violations());
            case RunException.StateConflict sc -> {
                ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, sc.getMessage());
                problem.setProperty("runStatus", sc.status());
                yield problem;
            }
        };
    }

    @ExceptionHandler(RebuildException.class)
    ProblemDetail rebuild(RebuildException e) {
        return switch (e) {
            case RebuildException.UnknownProjection up -> Problems.of(HttpStatus.NOT_FOUND, up.getMessage());
            case RebuildException.Refused refused -> Problems.of(HttpStatus.CONFLICT, refused.getMessage());
        };
    }

    @ExceptionHandler(SuggestionException.class)
    ProblemDetail suggestion(SuggestionException e) {
        return switch (e) {
            case SuggestionException.NotFound nf -> Problems.of(HttpStatus.NOT_FOUND, nf.getMessage());
            case SuggestionException.Invalid invalid ->
                Problems.invalid("The suggestion request is not valid.", invalid.violations());
            case SuggestionException.StateConflict sc -> Problems.of(HttpStatus.CONFLICT, sc.getMessage());
        };
    }

    /** A fair-use limit (docs/limits.md): 429 with Retry-After, naming the limit. */
    @ExceptionHandler(LimitExceeded.class)
    ResponseEntity<ProblemDetail> limit(LimitExceeded e) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setProperty("limit", e.limit());
        problem.setProperty("max", e.max());
        problem.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(CreditException.class)
    ProblemDetail credit(CreditException e) {
        return switch (e) {
            case CreditException.InsufficientCredits ic -> {
                ProblemDetail problem = Problems.of(HttpStatus.PAYMENT_REQUIRED, ic.getMessage());
                problem.setProperty("available", ic.available());
                problem.setProperty("needed", ic.needed());
                yield problem;
            }
            case CreditException.SpendLimitExceeded limit -> {
                ProblemDetail problem = Problems.of(HttpStatus.PAYMENT_REQUIRED, limit.getMessage());
                problem.setProperty("monthlySpendLimit", limit.monthlySpendLimit());
                problem.setProperty("left", limit.left());
                problem.setProperty("needed", limit.needed());
                yield problem;
            }
            case CreditException.Owing owing -> {
                ProblemDetail problem = Problems.of(HttpStatus.PAYMENT_REQUIRED, owing.getMessage());
                problem.setProperty("owed", owing.owed());
                yield problem;
            }
            case CreditException.LotNotFound nf -> Problems.of(HttpStatus.NOT_FOUND, nf.getMessage());
            case CreditException.Invalid invalid ->
                Problems.invalid("The credit request is not valid.", invalid.violations());
            case CreditException.StateConflict sc -> Problems.of(HttpStatus.CONFLICT, sc.getMessage());
        };
    }

    /** A query parameter a read model cannot answer (an unknown cursor, version or model). */
    @ExceptionHandler(InvalidQuery.class)
    ProblemDetail invalidQuery(InvalidQuery e) {
        return Problems.invalid(
                "A query parameter does not fit what was asked for.",
                List.of(new Violation(e.field(), e.getMessage())));
    }

    /** A blank id in the path (or a body): names the path variable it came from. */
    @ExceptionHandler(InvalidIdentifier.class)
    ProblemDetail invalidIdentifier(InvalidIdentifier e, HttpServletRequest request) {
        String field = "id";
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            for (Map.Entry<?, ?> variable : variables.entrySet()) {
                if (java.util.Objects.equals(variable.getValue(), e.value())) field = String.valueOf(variable.getKey());
            }
        }
        return Problems.invalid("An identifier is not valid.", List.of(new Violation(field, e.getMessage())));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail aggregateNotFound(AggregateNotFoundException e) {
        String id = String.valueOf(e.getAggregateIdentifier());
        String kind = id.startsWith("run_") ? "run " : "benchmark ";
        return Problems.of(HttpStatus.NOT_FOUND, kind + id + " not found");
    }

    /**
     * A command sent to an id whose events are another aggregate's (POST /api/runs/bm_…/cancel): Axon loads the stream by id
     * alone, and refuses to apply the run's event to it. Nothing is written; to the caller there is no such run.
     */
    @ExceptionHandler(IncompatibleAggregateException.class)
    ProblemDetail incompatibleAggregate(IncompatibleAggregateException e, HttpServletRequest request) {
        String path = request.getRequestURI();
        String kind =
                path.startsWith("/api/runs/") ? "run" : path.startsWith("/api/benchmarks/") ? "benchmark" : "resource";
        String id = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                        && variables.get("id") != null
                ? " " + variables.get("id")
                : "";
        return Problems.of(HttpStatus.NOT_FOUND, kind + id + " not found");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrency(ConcurrencyException e) {
        return Problems.of(
                HttpStatus.CONFLICT, "The benchmark was changed concurrently by another request; try again.");
    }

    @ExceptionHandler(BadRequest.class)
    ProblemDetail badRequest(BadRequest e) {
        return e.errors().isEmpty()
                ? Problems.of(HttpStatus.BAD_REQUEST, e.getMessage())
                : Problems.invalid(e.getMessage(), e.errors());
    }

    /** A body read by hand (e.g. one case or many) that does not map onto its type. */
    @ExceptionHandler(JsonProcessingException.class)
    ProblemDetail json(JsonProcessingException e) {
        return unreadable(e);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.invalid(
                "A parameter has the wrong type.",
                List.of(new Violation(e.getName(), "cannot be '" + e.getValue() + "'")));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled error", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; nothing was changed.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = e.getFieldErrors().stream()
                .map(f -> new Violation(f.getField(), f.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(Problems.invalid("The request is not valid.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
            }
        }
        return ResponseEntity.badRequest().body(unreadable(e.getCause()));
    }

    static ProblemDetail unreadable(Throwable cause) {
        return switch (cause) {
            case UnrecognizedPropertyException u ->
                Problems.invalid(
                        "The request has a field this API does not know; it was refused rather than silently dropped.",
                        List.of(new Violation(
                                path(u),
                                "unknown field '" + u.getPropertyName() + "'; known fields: "
                                        + u.getKnownPropertyIds().stream()
                                                .map(String::valueOf)
                                                .sorted()
                                                .collect(Collectors.joining(", ")))));
            case InvalidTypeIdException t ->
                Problems.invalid(
                        "Unknown grader type.",
                        List.of(new Violation(
                                path(t),
                                "unknown grader type '" + t.getTypeId() + "'; known types: "
                                        + String.join(", ", Grader.TYPES))));
            case ValueInstantiationException v ->
                Problems.invalid(
                        "A value is not valid.",
                        List.of(new Violation(
                                path(v), v.getCause() != null ? v.getCause().getMessage() : v.getOriginalMessage())));
            case MismatchedInputException m ->
                Problems.invalid(
                        "A value has the wrong type.",
                        List.of(new Violation(path(m), "expected " + describe(m.getTargetType()))));
            case JsonParseException p ->
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "Malformed JSON at line " + p.getLocation().getLineNr() + ", column "
                                + p.getLocation().getColumnNr() + ": " + p.getOriginalMessage());
            case JsonMappingException m ->
                Problems.invalid(
                        "The request could not be read.", List.of(new Violation(path(m), m.getOriginalMessage())));
            case null, default -> Problems.of(HttpStatus.BAD_REQUEST, "The request body is missing or is not JSON.");
        };
    }

    /** {@code cases[3].input} from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        var sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
            else if (ref.getFieldName() != null)
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) return "another type";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (type == String.class) return "a string";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive())
            return "a " + type.getSimpleName().toLowerCase();
        if (type.isEnum()) return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        return "an object";
    }
}

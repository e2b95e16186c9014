package io.benchmarkhub.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.benchmark.Violation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds RFC 9457 problem details: a human-readable {@code detail} and, for validation, {@code errors: [{field, message}]}. */
@Component
public class Problems {

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static ProblemDetail of(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public static ProblemDetail invalid(String detail, List<Violation> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** For filters, which answer before any controller advice can. */
    public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, of(status, detail));
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (problem.getStatus() == HttpStatus.UNAUTHORIZED.value()) response.setHeader("WWW-Authenticate", "Bearer");
        mapper.writeValue(response.getOutputStream(), problem);
    }
}

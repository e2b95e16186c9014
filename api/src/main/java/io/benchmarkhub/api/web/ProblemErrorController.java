package io.benchmarkhub.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's {@code /error} (its {@code {timestamp, status, error, path}} JSON, or an empty body when the
 * client asked for something else): every error the container forwards here, such as a request the servlet container
 * refuses ({@code sendError}) or a timeout, answers problem+json whatever the client accepts.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final Problems problems;

    public ProblemErrorController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.is5xxServerError()
                && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            log.error("Unhandled error", t);
        }
        ProblemDetail problem = Problems.of(status, detail(status));
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            try {
                problem.setInstance(URI.create(uri));
            } catch (IllegalArgumentException e) {
                // a URI the container refused may not parse again; the problem goes without its instance
            }
        }
        if (response.isCommitted()) return;
        response.resetBuffer();
        problems.write(response, problem);
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request could not be read: its path, query, headers or body are malformed.";
            case NOT_FOUND -> "There is nothing at this path.";
            case METHOD_NOT_ALLOWED -> "This path does not take this method.";
            case REQUEST_TIMEOUT -> "The request body did not arrive in time.";
            case PAYLOAD_TOO_LARGE -> "The request is too large.";
            case URI_TOO_LONG -> "The request path or query is too long.";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large.";
            default ->
                status.is5xxServerError()
                        ? "Something went wrong on our side; nothing was changed."
                        : status.getReasonPhrase() + ".";
        };
    }
}

package io.benchmarkhub.api.web;

import io.benchmarkhub.domain.benchmark.Violation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before authentication and before any controller, a path or query string that decodes to a NUL, to a lone
 * surrogate or to bytes that are not UTF-8, or that holds a broken percent-escape: 400 problem+json whose {@code errors}
 * name the query parameter (or {@code path}). JSON bodies are checked by {@link JsonBodyText}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class UnsafeInputFilter extends OncePerRequestFilter {

    private final Problems problems;

    public UnsafeInputFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<Violation> errors = new ArrayList<>();
        checkPath(request.getRequestURI(), errors);
        checkQuery(request.getQueryString(), errors);
        if (!errors.isEmpty()) {
            problems.write(response, Problems.invalid("The request has text that cannot be accepted.", errors));
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !acceptableContentType(contentType)) {
            ProblemDetail problem =
                    Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The Content-Type is not one media type.");
            problem.setProperty(
                    "errors",
                    List.of(
                            new Violation(
                                    "Content-Type",
                                    "'" + printable(contentType)
                                            + "' is malformed or a wildcard; send the body's own type, e.g. application/json")));
            problems.write(response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A request's Content-Type names one concrete media type (a wildcard makes Spring's converters fail with a 500). */
    static boolean acceptableContentType(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    static void checkPath(String rawPath, List<Violation> errors) {
        if (rawPath == null) return;
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String problem = problemOf(segments[i], false);
            if (problem != null) {
                errors.add(new Violation("path", "segment " + i + " ('" + printable(segments[i]) + "') " + problem));
                return;
            }
        }
    }

    static void checkQuery(String rawQuery, List<Violation> errors) {
        if (rawQuery == null || rawQuery.isEmpty()) return;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String nameProblem = problemOf(rawName, true);
            String name = nameProblem == null ? decode(rawName, true) : "query";
            if (nameProblem != null) {
                errors.add(new Violation("query", "the parameter name '" + printable(rawName) + "' " + nameProblem));
                continue;
            }
            if (eq >= 0) {
                String problem = problemOf(pair.substring(eq + 1), true);
                if (problem != null) errors.add(new Violation(name, problem));
            }
        }
    }

    /** Why a raw (percent-encoded) component is refused, or null. */
    static String problemOf(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0) {
            return UnsafeText.problem(raw);
        }
        String decoded;
        try {
            decoded = decode(raw, plusIsSpace);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return UnsafeText.problem(decoded);
    }

    /** Percent-decodes strictly: a broken escape or bytes that are not UTF-8 are an IllegalArgumentException. */
    static String decode(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()
                        || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("has a broken percent-escape at position " + i);
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "is not valid UTF-8 once percent-decoded (an encoded surrogate or a stray byte)");
        }
    }

    private static String printable(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}

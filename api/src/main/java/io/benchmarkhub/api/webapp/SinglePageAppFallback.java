package io.benchmarkhub.api.webapp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web app's client-side routes ({@code /benchmarks/bm_…}, {@code /runs/run_…}) are not files: a GET
 * of such a path is answered with {@code index.html}, and the app's router draws the screen. Paths of the
 * API, the OpenAPI document, actuator and Swagger UI are never touched, nor anything that names a file
 * (a dot in its last segment), so a missing asset stays a 404.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SinglePageAppFallback extends OncePerRequestFilter {

    private static final List<String> SERVER_PATHS =
            List.of("/api", "/v3/", "/actuator", "/swagger-ui", "/error", "/oauth2/", "/login/");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isClientRoute(request)) {
            response.setHeader("Cache-Control", "no-cache");
            request.getRequestDispatcher("/index.html").forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isClientRoute(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) return false;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/") || path.isEmpty()) return false; // the welcome page already is index.html
        // a path the firewall refuses (//, ;, encoded characters, backslashes) is left to it: a 400 problem, not a page
        if (path.contains("//") || path.contains(";") || path.contains("%") || path.contains("\\")) return false;
        for (String prefix : SERVER_PATHS) {
            if (path.startsWith(prefix)) return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}

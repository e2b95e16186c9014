package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}. A request without the header goes on
 * anonymously (public reads allow that); a request with a bad token is refused with 401 at once,
 * even on a public path, so a client never mistakes a broken token for anonymous access.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final UserAccounts accounts;
    private final Problems problems;

    public BearerTokenFilter(UserAccounts accounts, Problems problems) {
        this.accounts = accounts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<CurrentUser> user = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? accounts.authenticate(header.substring(7).strip())
                : Optional.empty();
        if (user.isEmpty()) {
            problems.write(response, HttpStatus.UNAUTHORIZED, "The bearer token is unknown, revoked or malformed.");
            return;
        }
        var authentication = new UsernamePasswordAuthenticationToken(
                user.get(),
                null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.get().role().name())));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        request.setAttribute(SessionUserFilter.AUTHENTICATED_BY, "token");
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}

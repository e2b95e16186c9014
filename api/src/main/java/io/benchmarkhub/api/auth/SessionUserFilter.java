package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.UserId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the session's sign-in into the current user, on every request: the session stores only the user id (its
 * principal name, which Spring Session indexes) and when the sign-in happened. The user is read again each time, so
 * a disabled, deleted or re-roled user is stopped or changed at once on every node, and a session older than the
 * absolute timeout ends however active it was.
 */
class SessionUserFilter extends OncePerRequestFilter {

    /** The session attribute holding when the session signed in (epoch milliseconds). */
    public static final String SIGNED_IN_AT = "benchmarkhub.signedInAt";

    private final UserAccounts accounts;
    private final Duration absoluteTimeout;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public SessionUserFilter(UserAccounts accounts, Duration absoluteTimeout) {
        this.accounts = accounts;
        this.absoluteTimeout = absoluteTimeout;
    }

    /** The authentication a session stores: the user id only, no authorities (they are read per request). */
    public static Authentication stored(UserId id) {
        return UsernamePasswordAuthenticationToken.authenticated(id.value(), null, List.of());
    }

    public static Authentication live(CurrentUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(
                user,
                null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = holder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof String userId
                && authentication.isAuthenticated()) {
            HttpSession session = request.getSession(false);
            var user = session == null || expired(session)
                    ? java.util.Optional.<CurrentUser>empty()
                    : accounts.active(new UserId(userId));
            var context = holder.createEmptyContext();
            if (user.isPresent()) {
                context.setAuthentication(live(user.get()));
                request.setAttribute(AUTHENTICATED_BY, "session");
            } else if (session != null) {
                session.invalidate();
            }
            holder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** Request attribute: how the caller authenticated, {@code session} or {@code token}. */
    public static final String AUTHENTICATED_BY = "benchmarkhub.authenticatedBy";

    private boolean expired(HttpSession session) {
        Object at = session.getAttribute(SIGNED_IN_AT);
        return !(at instanceof Long millis) || System.currentTimeMillis() - millis > absoluteTimeout.toMillis();
    }
}

package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.user.UserId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Starts a browser session for a user who proved who they are (password or OIDC): a fresh session id (session
 * fixation protection) and a fresh CSRF token, then the sign-in stored in the session (Spring Session JDBC).
 */
@Component
class SignIn {

    private final SessionAuthenticationStrategy sessionStrategy;
    private final SecurityContextRepository contexts;

    public SignIn(SessionAuthenticationStrategy sessionStrategy, SecurityContextRepository contexts) {
        this.sessionStrategy = sessionStrategy;
        this.contexts = contexts;
    }

    public void start(UserId userId, HttpServletRequest request, HttpServletResponse response) {
        var authentication = SessionUserFilter.stored(userId);
        sessionStrategy.onAuthentication(authentication, request, response);
        var context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(authentication);
        request.getSession(true).setAttribute(SessionUserFilter.SIGNED_IN_AT, System.currentTimeMillis());
        contexts.saveContext(context, request, response);
    }
}

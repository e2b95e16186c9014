package io.benchmarkhub.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;

/**
 * The double-submit cookie of a single-page app, as Spring Security's reference documents it: the app reads the
 * {@code XSRF-TOKEN} cookie and sends its value in {@code X-XSRF-TOKEN}; a token in a form parameter is the masked
 * (BREACH-safe) one that server-rendered pages carry. The token is loaded on every browser request, so the cookie
 * is there before the first write. Bearer requests are left alone: they need no CSRF token and keep no cookie.
 */
final class SpaCsrfTokenRequestHandler implements CsrfTokenRequestHandler {

    /** Request attribute: a supplier of the unmasked token, the value of the cookie (for {@code GET /api/auth/csrf}). */
    static final String RAW_TOKEN = SpaCsrfTokenRequestHandler.class.getName() + ".raw";

    private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
    private final CsrfTokenRequestHandler xor = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
        xor.handle(request, response, csrfToken);
        request.setAttribute(RAW_TOKEN, csrfToken);
        if (request.getHeader("Authorization") == null) {
            CsrfToken unused = csrfToken.get(); // loading the token writes the cookie
        }
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
        String header = request.getHeader(csrfToken.getHeaderName());
        return (StringUtils.hasText(header) ? plain : xor).resolveCsrfTokenValue(request, csrfToken);
    }
}

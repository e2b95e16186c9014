package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.benchmark.Violation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may call what. Reads of public content, health and the API docs are open; everything else needs a browser
 * session or a bearer token. Resource-level rules (owner, private → 404) live with the resources.
 *
 * <p>CSRF (ADR 0022): a browser write carries the {@code XSRF-TOKEN} cookie's value in {@code X-XSRF-TOKEN}. It is
 * required on unsafe requests that carry the session cookie, and on sign-in and sign-up (login CSRF). A request with
 * an {@code Authorization} header is exempt (a browser never adds that header cross-site), and so is one with no
 * session cookie at all: nothing ambient authenticates it, so it is answered as anonymous (401 where a caller is needed).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Anonymous writes that start a session: protected against login CSRF. */
    private static final Set<String> SESSION_STARTING = Set.of(
            "/api/auth/login",
            "/api/auth/signup",
            "/api/auth/password-reset/confirm",
            "/api/auth/verify-email",
            "/api/auth/setup");

    @Bean
    CookieCsrfTokenRepository csrfTokenRepository() {
        var repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(cookie -> cookie.sameSite("Lax").path("/"));
        return repository;
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    /** On sign-in: a new session id (fixation protection) and a new CSRF token. */
    @Bean
    SessionAuthenticationStrategy sessionAuthenticationStrategy(CookieCsrfTokenRepository csrfTokens) {
        return new CompositeSessionAuthenticationStrategy(
                List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens)));
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            UserAccounts accounts,
            Problems problems,
            AccountsProperties properties,
            CookieCsrfTokenRepository csrfTokens,
            SecurityContextRepository contexts,
            SignIn signIn,
            ObjectProvider<ClientRegistrationRepository> oidcProviders,
            JdbcTemplate jdbc,
            AccountEvents events,
            TransactionTemplate tx,
            @Value("${server.servlet.session.cookie.name:SESSION}") String sessionCookie)
            throws Exception {
        if (oidcProviders.getIfAvailable() != null) {
            // OIDC sign-in (GET /oauth2/authorization/{provider}): Spring's OAuth2 client speaks the protocol,
            // OidcAccounts
            // links or makes the account, and the session is started as a password sign-in starts it
            String app = properties.publicUrl().replaceAll("/+$", "");
            http.oauth2Login(oauth -> oauth.loginPage(app + "/sign-in")
                    .userInfoEndpoint(
                            userInfo -> userInfo.oidcUserService(new OidcAccounts(accounts, jdbc, events, tx)))
                    .successHandler((request, response, authentication) -> {
                        var linked = (OidcAccounts.LinkedUser) authentication.getPrincipal();
                        signIn.start(linked.userId(), request, response);
                        response.sendRedirect(app + "/");
                    })
                    .failureHandler((request, response, e) -> {
                        String code = e instanceof OAuth2AuthenticationException oauth2
                                ? oauth2.getError().getErrorCode()
                                : "oidc_failed";
                        response.sendRedirect(
                                app + "/sign-in?error=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
                    }));
        }
        RequestMatcher csrfRequired = request -> !SAFE.contains(request.getMethod())
                && request.getHeader("Authorization") == null
                && (hasCookie(request, sessionCookie) || SESSION_STARTING.contains(path(request)));
        return http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                        .requireCsrfProtectionMatcher(csrfRequired))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.securityContextRepository(contexts))
                // sessionManagement is left at its default: a session starts only where SignIn starts it (no
                // SessionManagementFilter that would store a bearer request's authentication in a new session)
                .addFilterBefore(new BearerTokenFilter(accounts, problems), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new SessionUserFilter(accounts, properties.absoluteTimeout()), BearerTokenFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the end of an async response (the run event stream) is dispatched again without the bearer
                        // token's authentication; the request itself was authorized when it started
                        .dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health/**",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html",
                                "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/downloads/benchmarkhub-cli.jar")
                        .permitAll()
                        // the web app: its files and client-side routes (everything outside /api and /actuator) are
                        // public
                        .requestMatchers(SecurityConfiguration::isWebAppRead)
                        .permitAll()
                        // a benchmark's reads are public, except what only its owner reads: the suggestions of the jobs
                        // they asked for, and its schedules
                        .requestMatchers(HttpMethod.GET, "/api/benchmarks/*/suggestions", "/api/benchmarks/*/schedules")
                        .authenticated()
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/library/**",
                                "/api/benchmarks/**",
                                "/api/models",
                                "/api/models/changes")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET, "/api/leaderboards/**", "/api/leaderboard/**", "/api/integrity/**")
                        .permitAll()
                        // signed by the payment provider instead (PaymentWebhookController)
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/payments")
                        .permitAll()
                        // accounts: what a person does before being signed in
                        .requestMatchers(HttpMethod.GET, "/api/auth/csrf", "/api/auth/options", "/api/plans")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/auth/signup",
                                "/api/auth/login",
                                "/api/auth/logout",
                                "/api/auth/verify-email",
                                "/api/auth/password-reset",
                                "/api/auth/password-reset/confirm",
                                "/api/auth/setup")
                        .permitAll()
                        .requestMatchers("/api/users/**", "/api/admin/**")
                        .hasRole("ADMIN")
                        // analysts read finance; what reconciliation compares against (provider cost reports) is
                        // written by admins
                        .requestMatchers(HttpMethod.GET, "/api/finance/**")
                        .hasAnyRole("ADMIN", "ANALYST")
                        .requestMatchers("/api/finance/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/api/kpis/**")
                        .hasAnyRole("ADMIN", "ANALYST")
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(ex -> ex.authenticationEntryPoint((request, response, e) -> problems.write(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "This needs a signed-in session or an API token (Authorization: Bearer <token>)."))
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                e instanceof CsrfException
                                        ? "The CSRF token is missing or wrong: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header."
                                        : deniedBecause(request))))
                .build();
    }

    /**
     * The firewall (StrictHttpFirewall) refuses paths such as {@code /api/benchmarks/%2e%2e}, {@code //x} or {@code a;b}:
     * 400 problem+json naming the path, instead of Spring Boot's error JSON.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(Problems problems) {
        return (request, response, e) -> problems.write(
                response,
                Problems.invalid(
                        "The request path is not allowed.",
                        List.of(new Violation(
                                e.getMessage() != null && e.getMessage().contains("HTTP method") ? "method" : "path",
                                e.getMessage()))));
    }

    private static boolean hasCookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) return false;
        for (Cookie cookie : cookies) if (cookie.getName().equals(name)) return true;
        return false;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** A GET or HEAD of the web app's files or routes: anything outside the API and actuator. */
    static boolean isWebAppRead(HttpServletRequest request) {
        if (!HttpMethod.GET.matches(request.getMethod()) && !HttpMethod.HEAD.matches(request.getMethod())) return false;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/actuator");
    }

    /** Says which role a refused request needs, where the rules above say it by path. */
    static String deniedBecause(HttpServletRequest request) {
        String path = path(request);
        if (path.startsWith("/api/finance/") && !HttpMethod.GET.matches(request.getMethod())) {
            return "Finance data is written by admins only; analysts may read it.";
        }
        if (path.startsWith("/api/finance/") || path.startsWith("/api/kpis")) return "This is for admins and analysts.";
        if (path.startsWith("/api/admin/") || path.startsWith("/api/users")) return "This is for admins.";
        return "Your token does not allow this.";
    }
}

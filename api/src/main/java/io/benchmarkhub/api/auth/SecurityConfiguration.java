package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.web.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Reads of public content, health and the API docs are open; everything
 * else needs a token. Resource-level rules (owner, private → 404) live with the resources.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, UserAccounts accounts, Problems problems) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(accounts, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the end of an async response (the run event stream) is dispatched again without the bearer
                        // token's authentication; the request itself was authorized when it started
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        // the web app: its files and client-side routes (everything outside /api and /actuator) are public
                        .requestMatchers(SecurityConfiguration::isWebAppRead).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/library/**", "/api/benchmarks/**", "/api/models").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/leaderboards/**", "/api/leaderboard/**", "/api/integrity/**").permitAll()
                        // signed by the payment provider instead (PaymentWebhookController)
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/payments").permitAll()
                        .requestMatchers("/api/users/**", "/api/admin/**").hasRole("ADMIN")
                        // analysts read finance; what reconciliation compares against (provider cost reports) is written by admins
                        .requestMatchers(HttpMethod.GET, "/api/finance/**").hasAnyRole("ADMIN", "ANALYST")
                        .requestMatchers("/api/finance/**").hasRole("ADMIN")
                        .requestMatchers("/api/kpis/**").hasAnyRole("ADMIN", "ANALYST")
                        .anyRequest().authenticated())
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(response, HttpStatus.UNAUTHORIZED, "This needs an API token: send Authorization: Bearer <token>."))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, HttpStatus.FORBIDDEN, deniedBecause(request))))
                .build();
    }

    /** A GET or HEAD of the web app's files or routes: anything outside the API and actuator. */
    static boolean isWebAppRead(HttpServletRequest request) {
        if (!HttpMethod.GET.matches(request.getMethod()) && !HttpMethod.HEAD.matches(request.getMethod())) return false;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/actuator");
    }

    /** Says which role a refused request needs, where the rules above say it by path. */
    static String deniedBecause(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/finance/") && !HttpMethod.GET.matches(request.getMethod())) {
            return "Finance data is written by admins only; analysts may read it.";
        }
        if (path.startsWith("/api/finance/") || path.startsWith("/api/kpis")) return "This is for admins and analysts.";
        if (path.startsWith("/api/admin/") || path.startsWith("/api/users")) return "This is for admins.";
        return "Your token does not allow this.";
    }
}

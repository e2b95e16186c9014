package io.benchmarkhub.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the sign-in and sign-up screens need to know before anyone is signed in: whether sign-up is open, by
 * invitation or closed, the password's length rules, and the OIDC providers configured (their ids and names only).
 */
@RestController
@Tag(name = "Auth")
class AuthOptionsController {

    /** An OIDC provider: its id goes in {@code /oauth2/authorization/{id}}; its name is for the button. */
    public record Provider(String id, String name) {}

    public record AuthOptions(
            AccountsProperties.SignUp signUp, int passwordMinLength, int passwordMaxLength, List<Provider> providers) {}

    private final AccountsProperties properties;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    public AuthOptionsController(
            AccountsProperties properties, ObjectProvider<ClientRegistrationRepository> registrations) {
        this.properties = properties;
        this.registrations = registrations;
    }

    @GetMapping("/api/auth/options")
    @Operation(
            summary =
                    "How people sign up and sign in here: the sign-up mode, the password length rules and the OIDC providers")
    public AuthOptions options() {
        var providers = new ArrayList<Provider>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object each : all) {
                if (each instanceof ClientRegistration registration) {
                    // Spring Boot names a registration without client-name after its issuer URI: not a name for a
                    // button
                    String named = registration.getClientName();
                    String name = named == null
                                    || named.isBlank()
                                    || named.equals(registration.getRegistrationId())
                                    || named.contains("://")
                            ? capitalized(registration.getRegistrationId())
                            : named;
                    providers.add(new Provider(registration.getRegistrationId(), name));
                }
            }
        }
        providers.sort(Comparator.comparing(Provider::id));
        return new AuthOptions(
                properties.signUp(),
                properties.password().minLength(),
                properties.password().maxLength(),
                providers);
    }

    private static String capitalized(String id) {
        return id.isEmpty() ? id : Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }
}

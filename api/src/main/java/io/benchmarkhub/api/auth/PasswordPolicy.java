package io.benchmarkhub.api.auth;

import io.benchmarkhub.domain.benchmark.Violation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B: a minimum length, no composition rules, and a refusal of passwords that are common, breached or
 * made of the context (the handle, the email, the service's name). Lengths count Unicode code points.
 */
@Component
class PasswordPolicy {

    private final AccountsProperties.Password rules;
    private final Set<String> blocked;

    public PasswordPolicy(AccountsProperties properties) {
        this.rules = properties.password();
        this.blocked = load(rules.blocklist());
    }

    /** Why {@code password} is refused for the account with this handle and email (either may be null), if it is. */
    public Optional<Violation> check(String field, String password, String handle, String email) {
        if (password == null || password.isEmpty()) return Optional.of(new Violation(field, "is required"));
        int length = password.codePointCount(0, password.length());
        if (length < rules.minLength())
            return Optional.of(new Violation(field, "must be at least " + rules.minLength() + " characters"));
        if (length > rules.maxLength())
            return Optional.of(new Violation(field, "must be at most " + rules.maxLength() + " characters"));
        String lower = password.toLowerCase(Locale.ROOT);
        if (blocked.contains(lower) || password.codePoints().distinct().count() <= 2) {
            return Optional.of(new Violation(field, "is too common (it is on a list of known or breached passwords)"));
        }
        if (contains(lower, handle)
                || contains(lower, email == null ? null : email.split("@", 2)[0])
                || lower.contains("benchmarkhub")) {
            return Optional.of(
                    new Violation(field, "must not contain your handle, your email or the name of this service"));
        }
        return Optional.empty();
    }

    private static boolean contains(String lowerPassword, String part) {
        return part != null && part.length() >= 4 && lowerPassword.contains(part.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load(String location) {
        var resource = new DefaultResourceLoader()
                .getResource(
                        location.startsWith("classpath:") || location.contains(":") ? location : "file:" + location);
        var set = new HashSet<String>();
        try (var reader =
                new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#"))
                    set.add(line.strip().toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password blocklist " + location, e);
        }
        return Set.copyOf(set);
    }
}

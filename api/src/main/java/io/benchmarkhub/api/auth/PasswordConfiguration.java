package io.benchmarkhub.api.auth;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords are hashed with Argon2id (Spring Security's encoder: 16 MiB, 2 iterations, a random salt each). Stored
 * hashes name their algorithm ({@code {argon2}…}), so bcrypt hashes still verify and a later change of the default
 * upgrades each hash at its owner's next sign-in.
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    /**
     * What a sign-in to an unknown account checks the password against, so that it costs what a wrong password costs: an
     * Argon2id hash with this encoder's parameters of a random secret nobody kept (and a match is refused anyway, as the
     * account does not exist). A constant rather than a hash made at start, which was ~0.2 s of a start's CPU
     * (docs/performance.md, "Cold start"); {@code PasswordConfigurationTest} checks it against the encoder's parameters.
     */
    static final String UNKNOWN_ACCOUNT_HASH =
            "{argon2}$argon2id$v=19$m=16384,t=2,p=1$tnCedBD7oew/LxVUKsNY7A$ZR5SEOsILIqoO0BmJKAysI2DsH7ocY2HI0lyVjgllDE";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(
                "argon2",
                Map.of(
                        "argon2",
                        Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                        "bcrypt",
                        new BCryptPasswordEncoder()));
    }
}

package io.benchmarkhub.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A sign-in to an unknown account checks the password against a fixed hash; it must cost what checking a real one
 * costs, so it must be a hash of the current default algorithm with the same parameters as the ones the encoder makes.
 */
class PasswordConfigurationTest {

    private final PasswordEncoder encoder = new PasswordConfiguration().passwordEncoder();

    @Test
    void the_unknown_account_hash_has_the_algorithm_and_parameters_of_a_new_hash() {
        String fresh = encoder.encode("a new password");
        // {argon2}$argon2id$v=19$m=16384,t=2,p=1$<salt>$<hash>: everything before the salt must be the same
        assertThat(parameters(PasswordConfiguration.UNKNOWN_ACCOUNT_HASH)).isEqualTo(parameters(fresh));
        assertThat(encoder.upgradeEncoding(PasswordConfiguration.UNKNOWN_ACCOUNT_HASH))
                .as("a hash the encoder would not re-hash")
                .isFalse();
    }

    @Test
    void the_unknown_account_hash_matches_no_password_one_would_try() {
        for (String password : new String[] {"", "dummy", "dummy-", "password", "benchmarkhub"}) {
            assertThat(encoder.matches(password, PasswordConfiguration.UNKNOWN_ACCOUNT_HASH))
                    .isFalse();
        }
    }

    private static String parameters(String hash) {
        return hash.substring(0, hash.lastIndexOf('$', hash.lastIndexOf('$') - 1));
    }
}

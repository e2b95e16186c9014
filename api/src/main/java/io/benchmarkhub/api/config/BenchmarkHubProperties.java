package io.benchmarkhub.api.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchmarkhub.*} settings; every one has a default (see application.yml for the documentation).
 *
 * @param dataDir                where the embedded default keeps its database and the admin token
 * @param embeddedDatabase       start an embedded PostgreSQL when no {@code spring.datasource.url} is set
 * @param bootstrapAdminToken    the admin token to create on first start; random when empty
 * @param readYourWritesTimeout  how long a write waits for its change to be readable before answering
 * @param maxRequestBytes        the largest request body accepted (413 above it)
 */
@Validated
@ConfigurationProperties("benchmarkhub")
public record BenchmarkHubProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @DefaultValue("true") boolean embeddedDatabase,
        String bootstrapAdminToken,
        @NotNull @DefaultValue("5s") Duration readYourWritesTimeout,
        @DefaultValue("16777216") long maxRequestBytes) {}

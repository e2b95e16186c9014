package io.benchmarkhub.api.library;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Boot creates an Elasticsearch client (for localhost:9200) whenever the client library is on
 * the classpath, and a health check for it. Without {@code spring.elasticsearch.uris} nobody uses
 * that client, so its health check is off by default and a missing Elasticsearch never turns
 * {@code /actuator/health} DOWN. Setting {@code management.health.elasticsearch.enabled} wins.
 */
class ElasticsearchHealthDefault implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (ElasticsearchConfigured.in(environment)) return;
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "benchmarkhub-elasticsearch-off", Map.of("management.health.elasticsearch.enabled", "false")));
    }
}

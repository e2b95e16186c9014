package io.benchmarkhub.api.library;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Spring Boot builds an Elasticsearch client for localhost:9200 (the low-level REST client with its I/O threads, the
 * Java API client and its transport) whenever the client library is on the class path, which it always is here. Without
 * {@code spring.elasticsearch.uris} nothing uses that client (library search is on PostgreSQL, see {@link
 * LibrarySearchConfiguration}, and its health check is off, see {@link ElasticsearchHealthDefault}), so these
 * auto-configurations are left out then: about 90 ms of CPU of every start of the embedded default (docs/performance.md,
 * "Cold start"). With the URIs set, everything is as Spring Boot makes it.
 */
class ElasticsearchClientOnlyWhenConfigured implements AutoConfigurationImportFilter, EnvironmentAware {

    static final Set<String> CLIENT_AUTO_CONFIGURATIONS = Set.of(
            "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.elasticsearch.ReactiveElasticsearchClientAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.elasticsearch.ElasticsearchRestHealthContributorAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.data.elasticsearch"
                    + ".ElasticsearchReactiveHealthContributorAutoConfiguration");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean configured = ElasticsearchConfigured.in(environment);
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            String candidate = autoConfigurationClasses[i];
            match[i] = configured || candidate == null || !CLIENT_AUTO_CONFIGURATIONS.contains(candidate);
        }
        return match;
    }
}

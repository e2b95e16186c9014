package io.benchmarkhub.api.library;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.benchmarkhub.projections.library.search.LibraryIndex;
import io.benchmarkhub.projections.library.search.LibraryRebuild;
import io.benchmarkhub.projections.library.search.LibrarySearchProjection;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.library.ElasticsearchLibrarySearch;
import io.benchmarkhub.query.library.LibrarySearch;
import io.benchmarkhub.query.library.PostgresLibrarySearch;
import java.util.Optional;
import org.apache.http.Header;
import org.apache.http.message.BasicHeader;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.elasticsearch.RestClientBuilderCustomizer;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Chooses the library search adapter: Elasticsearch (search port, index projection and alias
 * rebuilds) when {@code spring.elasticsearch.uris} is set, PostgreSQL full-text search otherwise.
 * The Elasticsearch client itself is Spring Boot's ({@code spring.elasticsearch.*}: uris,
 * username, password, timeouts), plus {@code benchmarkhub.library-search.api-key}.
 */
@Configuration(proxyBeanMethods = false)
class LibrarySearchConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LibrarySearchConfiguration.class);

    @Bean
    @Conditional(ElasticsearchConfigured.Not.class)
    LibrarySearch postgresLibrarySearch(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        log.info("Library search on PostgreSQL full-text search (set spring.elasticsearch.uris to use Elasticsearch)");
        return new PostgresLibrarySearch(jdbc, json);
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(ElasticsearchConfigured.class)
    static class OnElasticsearch {

        @Bean
        RestClientBuilderCustomizer elasticsearchApiKey(LibrarySearchProperties properties) {
            return builder -> {
                if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
                    builder.setDefaultHeaders(new Header[] {
                        new BasicHeader(
                                "Authorization", "ApiKey " + properties.apiKey().strip())
                    });
                }
            };
        }

        @Bean
        LibraryIndex libraryIndex(ElasticsearchClient client, LibrarySearchProperties properties) {
            return new LibraryIndex(client, properties.index());
        }

        @Bean
        LibraryRebuild libraryRebuild(ObjectProvider<EventProcessingConfiguration> processing, JdbcTemplate jdbc) {
            return new LibraryRebuild(
                    () -> Optional.ofNullable(processing.getIfAvailable())
                            .flatMap(
                                    p -> p.eventProcessor(LibrarySearchProjection.NAME, StreamingEventProcessor.class)),
                    () -> {
                        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
                        return max == null ? -1 : max;
                    });
        }

        @Bean
        LibrarySearchProjection librarySearchProjection(
                ElasticsearchClient client, LibraryIndex index, LibraryRebuild rebuild) {
            return new LibrarySearchProjection(client, index, rebuild);
        }

        @Bean
        LibrarySearch elasticsearchLibrarySearch(
                ElasticsearchClient client, LibrarySearchProperties properties, NamedParameterJdbcTemplate jdbc) {
            log.info("Library search on Elasticsearch, alias '{}'", properties.index());
            return new ElasticsearchLibrarySearch(client, properties.index(), jdbc);
        }

        /** Opens the index once the app runs (Elasticsearch may start later: the projection retries) and resumes a rebuild under way. */
        @EventListener(ApplicationReadyEvent.class)
        void openIndex(ApplicationReadyEvent event) {
            LibraryIndex index = event.getApplicationContext().getBean(LibraryIndex.class);
            try {
                index.open();
                if (index.rebuilding())
                    event.getApplicationContext().getBean(LibraryRebuild.class).watch(index);
            } catch (RuntimeException e) {
                log.warn("Elasticsearch is not reachable yet ({}); library indexing retries until it is", e.toString());
            }
        }
    }
}

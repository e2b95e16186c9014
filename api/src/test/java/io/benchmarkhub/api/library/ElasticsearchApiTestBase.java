package io.benchmarkhub.api.library;

import io.benchmarkhub.api.ApiTestBase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application with library search on the Elasticsearch test server: a second shared
 * application context beside ApiTestBase's, on its own PostgreSQL (started here and given as
 * {@code spring.datasource.url}, as an external database would be; the embedded one of
 * ApiTestBase's context owns the shared data directory).
 */
@ExtendWith(ElasticsearchTestServer.class)
public abstract class ElasticsearchApiTestBase extends ApiTestBase {

    private static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        registry.add("spring.elasticsearch.uris", ElasticsearchTestServer::uri);
        registry.add(
                "spring.datasource.url",
                () -> database().getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.application.name", () -> "benchmarkhub-es-test");
    }

    private static synchronized EmbeddedPostgres database() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "100")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }
}

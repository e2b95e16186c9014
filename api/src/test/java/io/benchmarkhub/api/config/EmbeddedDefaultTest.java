package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.BenchmarkHubApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default: no configuration needed, data kept under the data dir, and an external database by configuration only. */
class EmbeddedDefaultTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void with_no_configuration_it_starts_on_an_embedded_postgres_whose_data_survives_a_restart(@TempDir Path dataDir)
            throws Exception {
        String token;
        String id;
        // as BenchmarkHubApplication.main starts it: PostgreSQL starting while the context is built
        try (var app = start(dataDir, true, "--spring.application.name=embedded-first")) {
            assertThat(app.containsBean("embeddedPostgres")).isTrue();
            assertThat(app.containsBean(EarlyEmbeddedPostgres.BEAN_NAME))
                    .as("started early")
                    .isTrue();
            // library search is on PostgreSQL: no Elasticsearch client is built (and none of its threads started)
            assertThat(app.getBeanNamesForType(ElasticsearchClient.class)).isEmpty();
            assertThat(app.getBeanNamesForType(RestClient.class)).isEmpty();
            Path tokenFile = dataDir.resolve("admin-token");
            assertThat(tokenFile).exists();
            token = Files.readString(tokenFile).strip();
            assertThat(token).startsWith("bh_");
            HttpResponse<String> created = call(
                    app,
                    "POST",
                    "/api/benchmarks",
                    token,
                    "{\"title\": \"Survivor\", \"cases\": [{\"input\": \"q\"}]}");
            assertThat(created.statusCode()).isEqualTo(201);
            id = mapper.readTree(created.body()).get("id").asText();
        }
        assertThat(dataDir.resolve("postgres")).isDirectory();

        // and started by the context itself, on the data the first start left
        try (var app = start(dataDir, false, "--spring.application.name=embedded-second")) {
            assertThat(app.containsBean(EarlyEmbeddedPostgres.BEAN_NAME)).isFalse();
            HttpResponse<String> read = call(app, "GET", "/api/benchmarks/" + id, token, null);
            assertThat(read.statusCode()).isEqualTo(200);
            JsonNode benchmark = mapper.readTree(read.body());
            assertThat(benchmark.get("title").asText()).isEqualTo("Survivor");
            assertThat(Files.readString(dataDir.resolve("admin-token")).strip())
                    .as("no second admin on restart")
                    .isEqualTo(token);
        }
    }

    @Test
    void a_datasource_url_switches_to_that_database_with_no_code_change(@TempDir Path dataDir) throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            String url = external.getJdbcUrl("postgres", "postgres");
            try (var app =
                    start(dataDir, true, "--spring.datasource.url=" + url, "--spring.datasource.username=postgres")) {
                assertThat(app.containsBean("embeddedPostgres")).isFalse();
                assertThat(app.containsBean(EarlyEmbeddedPostgres.BEAN_NAME))
                        .as("nothing started early")
                        .isFalse();
                assertThat(dataDir.resolve("postgres")).doesNotExist();
                try (Connection c = external.getPostgresDatabase().getConnection();
                        ResultSet rs = c.createStatement()
                                .executeQuery("SELECT count(*) FROM app_user WHERE role = 'ADMIN'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, boolean early, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--server.port=0";
        all[1] = "--benchmarkhub.data-dir=" + dataDir;
        all[2] = "--benchmarkhub.quartz-scheduler-name=embedded-" + UUID.randomUUID();
        all[3] = "--benchmarkhub.golden-library.enabled=false";
        System.arraycopy(args, 0, all, 4, args.length);
        var builder = new SpringApplicationBuilder(BenchmarkHubApplication.class);
        if (early) builder.listeners(new EarlyEmbeddedPostgres());
        return builder.run(all);
    }

    private HttpResponse<String> call(
            ConfigurableApplicationContext app, String method, String path, String token, String body)
            throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

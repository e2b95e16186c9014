package io.benchmarkhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml (issue 12 item 13): Elasticsearch runs with security on, is not published on the host, and the app
 * signs in to it with its own user, whose password must be given (no default secret in the file). Docker does not run
 * here, so the file is checked as data.
 */
class DockerComposeTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Path file = Path.of("..", "docker-compose.yml");
        Map<String, Object> compose = new Yaml().load(Files.readString(file));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }

    @Test
    void elasticsearch_has_security_on_and_no_published_port() throws IOException {
        Map<String, Object> elasticsearch = services().get("elasticsearch");
        assertThat(environment(elasticsearch)).containsEntry("xpack.security.enabled", "true");
        assertThat(String.valueOf(environment(elasticsearch).get("ELASTIC_PASSWORD")))
                .startsWith("${ELASTIC_PASSWORD:?");
        assertThat(elasticsearch).doesNotContainKey("ports");
        assertThat(String.valueOf(elasticsearch.get("healthcheck"))).contains("-u \"elastic:$$ELASTIC_PASSWORD\"");
        for (var service : services().entrySet()) {
            Object ports = service.getValue().get("ports");
            if (ports != null) {
                assertThat((List<?>) ports)
                        .as(service.getKey() + " publishes no Elasticsearch port")
                        .noneMatch(p -> String.valueOf(p).contains("9200")
                                || String.valueOf(p).contains("9300"));
            }
        }
    }

    @Test
    void the_app_signs_in_with_its_own_user_created_before_it_starts() throws IOException {
        Map<String, Object> app = services().get("app");
        assertThat(environment(app)).containsEntry("SPRING_ELASTICSEARCH_USERNAME", "benchmarkhub");
        assertThat(String.valueOf(environment(app).get("SPRING_ELASTICSEARCH_PASSWORD")))
                .startsWith("${BENCHMARKHUB_ES_PASSWORD:?");
        assertThat(String.valueOf(app.get("depends_on")))
                .contains("es-setup")
                .contains("service_completed_successfully");
        String setup = String.valueOf(services().get("es-setup").get("command"));
        assertThat(setup)
                .contains("/_security/role/benchmarkhub_library")
                .contains("\"names\": [\"library*\"]")
                .contains("/_security/user/benchmarkhub");
    }
}

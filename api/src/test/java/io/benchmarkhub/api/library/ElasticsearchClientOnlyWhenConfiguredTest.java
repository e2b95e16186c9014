package io.benchmarkhub.api.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Spring Boot's Elasticsearch client auto-configurations are imported only when {@code spring.elasticsearch.uris} is set. */
class ElasticsearchClientOnlyWhenConfiguredTest {

    private static final String[] CANDIDATES = {
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.elasticsearch.ElasticsearchRestHealthContributorAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        null
    };

    @Test
    void without_uris_the_client_auto_configurations_are_left_out_and_nothing_else() {
        assertThat(filter(Map.of()).match(CANDIDATES, null)).containsExactly(false, false, false, true, true);
        assertThat(filter(Map.of("spring.elasticsearch.uris", " ")).match(CANDIDATES, null))
                .containsExactly(false, false, false, true, true);
    }

    @Test
    void with_uris_everything_is_imported() {
        assertThat(filter(Map.of("spring.elasticsearch.uris", "http://localhost:9200"))
                        .match(CANDIDATES, null))
                .containsExactly(true, true, true, true, true);
    }

    @Test
    void every_name_it_leaves_out_is_an_auto_configuration_spring_boot_lists() throws Exception {
        var imports = new StringBuilder();
        var files = getClass()
                .getClassLoader()
                .getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        while (files.hasMoreElements()) {
            try (var in = files.nextElement().openStream()) {
                imports.append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .append('\n');
            }
        }
        // a renamed auto-configuration would otherwise be imported again without anyone noticing
        assertThat(imports.toString().lines().map(String::strip))
                .containsAll(ElasticsearchClientOnlyWhenConfigured.CLIENT_AUTO_CONFIGURATIONS);
    }

    private static ElasticsearchClientOnlyWhenConfigured filter(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        var filter = new ElasticsearchClientOnlyWhenConfigured();
        filter.setEnvironment(environment);
        return filter;
    }
}

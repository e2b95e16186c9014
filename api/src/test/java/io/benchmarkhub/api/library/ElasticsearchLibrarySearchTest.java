package io.benchmarkhub.api.library;

import io.benchmarkhub.query.library.LibrarySearch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The library search contract on the Elasticsearch test server (spring.elasticsearch.uris set). */
class ElasticsearchLibrarySearchTest extends ElasticsearchApiTestBase implements LibrarySearchContract {

    @Autowired
    LibrarySearch search;

    @Override
    public User newUser(String prefix) {
        Caller caller = createUser(prefix);
        return new User(caller.id(), caller.token());
    }

    @Override
    public User admin() {
        return new User("admin", ADMIN_TOKEN);
    }

    @Override
    public Response request(String method, String path, User user, String body) {
        return send(method, path, user == null ? null : user.token(), body);
    }

    @Override
    public String engine() {
        return search.engine();
    }

    @Test
    void with_spring_elasticsearch_uris_set_elasticsearch_serves_the_library_and_health_includes_it() {
        assertThat(engine()).isEqualTo("elasticsearch");
        assertThat(get("/actuator/health", null).body().get("status").asText()).isEqualTo("UP");
    }
}

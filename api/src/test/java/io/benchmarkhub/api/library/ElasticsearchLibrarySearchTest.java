package io.benchmarkhub.api.library;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.query.library.ElasticsearchLibrarySearch;
import io.benchmarkhub.query.library.LibrarySearch;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The library search contract on the Elasticsearch test server (spring.elasticsearch.uris set). */
class ElasticsearchLibrarySearchTest extends ElasticsearchApiTestBase implements LibrarySearchContract {

    @Autowired
    LibrarySearch search;

    @Autowired
    CommandGateway commands;

    @Autowired
    ElasticsearchClient client;

    @Autowired
    LibrarySearchProperties properties;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

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
    public void flagContamination(String benchmarkId, String model) {
        commands.sendAndWait(new FlagContamination(new BenchmarkId(benchmarkId), model, 0.9, 0.5, 0.1, 4.0, 50, 8, 6));
    }

    @Override
    public String engine() {
        return search.engine();
    }

    @Override
    public LibrarySearch searchCountingExactlyUpTo(int exactTotalUpTo) {
        return new ElasticsearchLibrarySearch(client, properties.index(), jdbc, exactTotalUpTo);
    }

    @Override
    public LibrarySearch searchRankingAtLeast(int candidates) {
        // BM25 over every match: Elasticsearch has no candidate stage
        return search;
    }

    @Test
    void with_spring_elasticsearch_uris_set_elasticsearch_serves_the_library_and_health_includes_it() {
        assertThat(engine()).isEqualTo("elasticsearch");
        assertThat(get("/actuator/health", null).body().get("status").asText()).isEqualTo("UP");
    }
}

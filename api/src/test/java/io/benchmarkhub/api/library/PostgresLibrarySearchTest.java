package io.benchmarkhub.api.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.library.LibrarySearch;
import io.benchmarkhub.query.library.PostgresLibrarySearch;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The library search contract on the embedded default: PostgreSQL full-text search, no Elasticsearch configured. */
class PostgresLibrarySearchTest extends ApiTestBase implements LibrarySearchContract {

    @Autowired
    LibrarySearch search;

    @Autowired
    CommandGateway commands;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    JsonColumns json;

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
        return new PostgresLibrarySearch(jdbc, json, exactTotalUpTo, PostgresLibrarySearch.RANKED_CANDIDATES);
    }

    @Override
    public LibrarySearch searchRankingAtLeast(int candidates) {
        return new PostgresLibrarySearch(jdbc, json, LibrarySearch.EXACT_TOTAL_UP_TO, candidates);
    }

    @Test
    void without_elasticsearch_configured_postgresql_serves_the_library_and_health_stays_up() {
        assertThat(engine()).isEqualTo("postgresql");
        assertThat(get("/actuator/health", null).body().get("status").asText()).isEqualTo("UP");
    }
}

package io.benchmarkhub.api.releases;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watcher over two app instances on one PostgreSQL: the local provider's {@code /models} list gains models between two
 * syncs; only the matching one runs the watcher's benchmarks, once each, and the release report says what
 * {@code GET /api/runs/{id}/compare} says.
 */
class WatcherTest extends ApiTestBase {

    /** The shared test provider's model list (FakeOpenRouterServer's default), restored after the test. */
    private static final String DEFAULT_MODELS = """
              {"id": "openai/gpt-4o", "context_length": 128000, "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
               "top_provider": {"max_completion_tokens": 16384}},
              {"id": "meta-llama/llama-3.1-8b-instruct", "context_length": 131072, "pricing": {"prompt": "0.00000002", "completion": "0.00000005"},
               "top_provider": {"max_completion_tokens": 256}},
              {"id": "openrouter/auto", "context_length": 2000000, "pricing": {"prompt": "-1", "completion": "-1"}},
              {"id": "local/unpriced"}""";
    private static final String PRODUCTION = """
              {"id": "acme/steady-prod", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";
    private static final String NEW_MODELS = """
              {"id": "acme/steady-new", "context_length": 64000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
              {"id": "acme/steady-pricey", "context_length": 64000, "pricing": {"prompt": "0.00001", "completion": "0.00002"}},
              {"id": "acme/steady-short", "context_length": 8000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
              {"id": "other/steady-elsewhere", "context_length": 64000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";

    private static final ExtraNodes NODES = new ExtraNodes();
    private static ConfigurableApplicationContext second;

    @Autowired
    DataSource dataSource;
    @Autowired
    ModelCatalogueSync sync;
    @Autowired
    Watchers watchers;

    @AfterAll
    static void stopNodes() {
        NODES.close();
        second = null;
    }

    private ConfigurableApplicationContext secondNode() {
        if (second == null) {
            second = NODES.start(dataSource, ADMIN_TOKEN, List.of(
                    "--benchmarkhub.providers.openai-compatible.fake.base-url=" + PROVIDER.baseUrl(),
                    "--benchmarkhub.providers.openrouter.base-url=" + PROVIDER.baseUrl(),
                    "--benchmarkhub.providers.openrouter.api-key=test-server-key"));
        }
        return second;
    }

    private static void models(String... lists) {
        PROVIDER.models("{\"data\": [" + String.join(",", lists) + "]}");
    }

    private static void atOnce(List<Callable<?>> tasks) throws Exception {
        try (var pool = Executors.newFixedThreadPool(tasks.size())) {
            var start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (var task : tasks) done.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
            start.countDown();
            for (var f : done) f.get();
        }
    }

    @Test
    void a_new_matching_model_runs_each_benchmark_once_across_two_nodes_and_the_report_says_what_compare_says() throws Exception {
        var node = secondNode();
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "watcher test"}""".formatted(alice.id()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        try {
            models(DEFAULT_MODELS, PRODUCTION);
            sync.sync();
            String b1 = createBenchmark(alice, "release check one", "PRIVATE");
            String b2 = createBenchmark(alice, "release check two", "PRIVATE");
            var created = send("POST", "/api/watchers", alice, """
                    {"match": {"providerPattern": "fake", "vendorPattern": "ac*", "maxPromptMicrosPerMillion": 2000000, "minContextLength": 32000},
                     "benchmarkIds": ["%s", "%s"], "productionModel": "fake/acme/steady-prod", "billing": "CREDITS", "monthlyCreditCap": 500}"""
                    .formatted(b1, b2));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String watcher = created.body().get("id").asText();

            models(DEFAULT_MODELS, PRODUCTION, NEW_MODELS);
            var otherWatchers = node.getBean(Watchers.class);
            var otherSync = node.getBean(ModelCatalogueSync.class);
            atOnce(List.of(sync::sync, otherSync::sync));
            for (int round = 0; round < 2; round++) atOnce(List.of(watchers::react, otherWatchers::react));

            // exactly one run per benchmark, for the one model that matches (not too dear, long enough, vendor acme, provider fake)
            List<String> claimed = jdbc.queryForList("SELECT model_id || ' ' || benchmark_id || ' ' || status FROM watcher_run WHERE watcher_id = ? "
                    + "ORDER BY benchmark_id", String.class, watcher);
            assertThat(claimed).containsExactlyInAnyOrder("fake/acme/steady-new " + b1 + " STARTED", "fake/acme/steady-new " + b2 + " STARTED");
            Long runs = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                    + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?", Long.class, "watcher:" + watcher);
            assertThat(runs).isEqualTo(2);

            List<String> runIds = jdbc.queryForList("SELECT run_id FROM watcher_run WHERE watcher_id = ?", String.class, watcher);
            for (String runId : runIds) {
                eventually(() -> "COMPLETED".equals(get("/api/runs/" + runId, alice).body().get("status").asText()), "run " + runId + " completes");
            }

            var reports = get("/api/watchers/" + watcher + "/reports", alice);
            assertThat(reports.status()).isEqualTo(200);
            assertThat(reports.body().get("items")).hasSize(1);
            JsonNode report = reports.body().get("items").get(0);
            assertThat(report.get("modelId").asText()).isEqualTo("fake/acme/steady-new");
            assertThat(report.get("vendor").asText()).isEqualTo("acme");
            assertThat(report.get("complete").asBoolean()).isTrue();
            assertThat(report.get("benchmarks")).hasSize(2);
            String worst = "SHIP";
            for (JsonNode benchmark : report.get("benchmarks")) {
                String runId = benchmark.get("runId").asText();
                var compare = get("/api/runs/" + runId + "/compare?baseline=fake/acme/steady-prod&candidate=fake/acme/steady-new", alice);
                assertThat(compare.status()).isEqualTo(200);
                assertThat(benchmark.get("comparison")).isEqualTo(compare.body());
                String verdict = compare.body().get("verdict").asText();
                if (List.of("SHIP", "SHIP_WITH_CAVEATS", "DONT_SHIP").indexOf(verdict) > List.of("SHIP", "SHIP_WITH_CAVEATS", "DONT_SHIP").indexOf(worst)) {
                    worst = verdict;
                }
                assertThat(benchmark.get("comparison").get("candidateSummary").get("costMicros").isNumber()).isTrue();
                assertThat(benchmark.get("comparison").get("candidateSummary").get("latencyMs").has("p95")).isTrue();
            }
            assertThat(report.get("verdict").asText()).isEqualTo(worst);

            // the watcher's history is in the audit stream; someone else sees no watcher
            var audit = send("GET", "/api/audit/events?aggregateId=" + watcher + "&limit=100", ADMIN_TOKEN, null);
            List<String> types = new ArrayList<>();
            audit.body().get("items").forEach(item -> types.add(item.get("type").asText()));
            assertThat(types).containsExactly("WatcherCreated", "WatcherTriggered", "WatcherTriggered");
            assertThat(get("/api/watchers/" + watcher + "/reports", bob).status()).isEqualTo(404);
            assertThat(get("/api/watchers/" + watcher, bob).status()).isEqualTo(404);
        } finally {
            models(DEFAULT_MODELS);
            sync.sync();
        }
    }

    @Test
    void bad_watchers_are_refused_naming_the_field() {
        String mine = createBenchmark(alice, "mine", "PRIVATE");
        String theirs = createBenchmark(bob, "theirs", "PRIVATE");
        String body = """
                {"match": {"vendorPattern": "%s"}, "benchmarkIds": %s, "productionModel": "%s", "billing": "%s"}""";
        assertField(body.formatted("acme", "[]", "fake/acme/steady-prod", "CREDITS"), "benchmarkIds");
        assertField(body.formatted("acme", "[\"" + theirs + "\"]", "fake/acme/steady-prod", "CREDITS"), "benchmarkIds");
        assertField(body.formatted("acme", "[\"" + mine + "\"]", "", "CREDITS"), "productionModel");
        assertField(body.formatted("acme", "[\"" + mine + "\"]", "fake/acme/steady-prod", "BYOK"), "billing");
        assertField(body.formatted("ac me", "[\"" + mine + "\"]", "fake/acme/steady-prod", "CREDITS"), "match.vendorPattern");
        assertThat(Watchers.globMatches("ac*", "acme")).isTrue();
        assertThat(Watchers.globMatches("ac*", "xacme")).isFalse();
        assertThat(Watchers.globMatches("open.i", "openai")).isFalse();
    }

    private void assertField(String body, String field) {
        var refused = send("POST", "/api/watchers", alice, body);
        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).as(body).isEqualTo(field);
    }
}

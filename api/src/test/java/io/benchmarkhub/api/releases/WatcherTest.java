package io.benchmarkhub.api.releases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A watcher over two app instances on one PostgreSQL: the local provider's {@code /models} list gains models between two
 * syncs; only the matching one runs the watcher's benchmarks, once each, and the release report says what
 * {@code GET /api/runs/{id}/compare} says.
 */
class WatcherTest extends ApiTestBase {

    /** Plans are sold in the tests; scheduled runs and release watchers are Pro's (docs/plans.md). */
    @BeforeEach
    void alicePaysForPro() {
        subscribePro(alice);
    }

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
            second = NODES.start(
                    dataSource,
                    ADMIN_TOKEN,
                    List.of(
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
            for (var task : tasks)
                done.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            start.countDown();
            for (var f : done) f.get();
        }
    }

    @Test
    void a_new_matching_model_runs_each_benchmark_once_across_two_nodes_and_the_report_says_what_compare_says()
            throws Exception {
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
                     "benchmarkIds": ["%s", "%s"], "productionModel": "fake/acme/steady-prod", "billing": "CREDITS", "monthlyCreditCap": 500}""".formatted(b1, b2));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String watcher = created.body().get("id").asText();

            models(DEFAULT_MODELS, PRODUCTION, NEW_MODELS);
            var otherWatchers = node.getBean(Watchers.class);
            var otherSync = node.getBean(ModelCatalogueSync.class);
            atOnce(List.of(sync::sync, otherSync::sync));
            for (int round = 0; round < 2; round++) atOnce(List.of(watchers::react, otherWatchers::react));

            // exactly one run per benchmark, for the one model that matches (not too dear, long enough, vendor acme,
            // provider fake)
            List<String> claimed = jdbc.queryForList(
                    "SELECT model_id || ' ' || benchmark_id || ' ' || status FROM watcher_run WHERE watcher_id = ? "
                            + "ORDER BY benchmark_id",
                    String.class,
                    watcher);
            assertThat(claimed)
                    .containsExactlyInAnyOrder(
                            "fake/acme/steady-new " + b1 + " STARTED", "fake/acme/steady-new " + b2 + " STARTED");
            Long runs = jdbc.queryForObject(
                    "SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                            + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?",
                    Long.class,
                    "watcher:" + watcher);
            assertThat(runs).isEqualTo(2);

            List<String> runIds =
                    jdbc.queryForList("SELECT run_id FROM watcher_run WHERE watcher_id = ?", String.class, watcher);
            for (String runId : runIds) {
                eventually(
                        () -> "COMPLETED"
                                .equals(get("/api/runs/" + runId, alice)
                                        .body()
                                        .get("status")
                                        .asText()),
                        "run " + runId + " completes");
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
                var compare = get(
                        "/api/runs/" + runId + "/compare?baseline=fake/acme/steady-prod&candidate=fake/acme/steady-new",
                        alice);
                assertThat(compare.status()).isEqualTo(200);
                assertThat(benchmark.get("comparison")).isEqualTo(compare.body());
                String verdict = compare.body().get("verdict").asText();
                if (List.of("SHIP", "SHIP_WITH_CAVEATS", "DONT_SHIP").indexOf(verdict)
                        > List.of("SHIP", "SHIP_WITH_CAVEATS", "DONT_SHIP").indexOf(worst)) {
                    worst = verdict;
                }
                assertThat(benchmark
                                .get("comparison")
                                .get("candidateSummary")
                                .get("costMicros")
                                .isNumber())
                        .isTrue();
                assertThat(benchmark
                                .get("comparison")
                                .get("candidateSummary")
                                .get("latencyMs")
                                .has("p95"))
                        .isTrue();
            }
            assertThat(report.get("verdict").asText()).isEqualTo(worst);

            // the watcher's history is in the audit stream; someone else sees no watcher
            var audit = send("GET", "/api/audit/events?aggregateId=" + watcher + "&limit=100", ADMIN_TOKEN, null);
            List<String> types = new ArrayList<>();
            audit.body().get("items").forEach(item -> types.add(item.get("type").asText()));
            assertThat(types).containsExactly("WatcherCreated", "WatcherTriggered", "WatcherTriggered");
            assertThat(get("/api/watchers/" + watcher + "/reports", bob).status())
                    .isEqualTo(404);
            assertThat(get("/api/watchers/" + watcher, bob).status()).isEqualTo(404);
        } finally {
            models(DEFAULT_MODELS);
            sync.sync();
        }
    }

    private static final String OMEGA_PRODUCTION = """
              {"id": "omega/prod", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";
    private static final String OMEGA_NEW = """
              {"id": "omega/new", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";

    /** A watcher's run of a workspace's private benchmark is the workspace's, billed to its account (ADR 0038). */
    @Test
    void a_watchers_run_of_a_workspace_benchmark_is_the_workspaces_and_bills_its_account() {
        var made = send("POST", "/api/workspaces", alice, """
                {"name": "Release team", "slug": "release-%s"}""".formatted(
                        UUID.randomUUID().toString().substring(0, 8)));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        String workspace = made.body().get("id").asText();
        subscribeTeam(workspace);
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "watcher test"}""".formatted(workspace));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        try {
            models(DEFAULT_MODELS, OMEGA_PRODUCTION);
            sync.sync();
            var benchmark = send("POST", "/api/benchmarks", alice, """
                    {"title": "Team release check", "visibility": "PRIVATE", "workspaceId": "%s",
                     "cases": [{"input": "a", "expected": "a"}], "graders": [{"type": "exact"}]}""".formatted(workspace));
            assertThat(benchmark.status()).as(benchmark.text()).isEqualTo(201);
            String team = benchmark.body().get("id").asText();
            var created = send("POST", "/api/watchers", alice, """
                    {"match": {"providerPattern": "fake", "vendorPattern": "omega"}, "benchmarkIds": ["%s"], "productionModel": "fake/omega/prod",
                     "billing": "CREDITS"}""".formatted(team));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String watcher = created.body().get("id").asText();

            models(DEFAULT_MODELS, OMEGA_PRODUCTION, OMEGA_NEW);
            sync.sync();
            watchers.react();

            assertThat(jdbc.queryForList("SELECT status FROM watcher_run WHERE watcher_id = ?", String.class, watcher))
                    .containsExactly("STARTED");
            assertThat(jdbc.queryForList(
                            "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'creditAccount' FROM domain_event_entry "
                                    + "WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                                    + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?",
                            String.class,
                            "watcher:" + watcher))
                    .containsExactly("acct_" + workspace);
            String runId =
                    jdbc.queryForObject("SELECT run_id FROM watcher_run WHERE watcher_id = ?", String.class, watcher);
            eventually(
                    () -> get("/api/runs/" + runId, alice).status() == 200,
                    "the workspace's run is readable by its member");
            assertThat(get("/api/runs/" + runId, bob).status()).isEqualTo(404);
        } finally {
            models(DEFAULT_MODELS);
            sync.sync();
        }
    }

    private static final String ZETA_PRODUCTION = """
              {"id": "zeta/prod", "context_length": 128000, "pricing": {"prompt": "0.000002", "completion": "0.000004"}}""";
    private static final String ZETA_ONE = """
              {"id": "zeta/one", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";
    private static final String ZETA_TWO = """
              {"id": "zeta/two", "context_length": 128000, "pricing": {"prompt": "0.0000005", "completion": "0.000001"}}""";

    private long runsOf(String watcher) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE payload_type = 'io.benchmarkhub.domain.run.events.RunRequested' "
                        + "AND convert_from(payload, 'UTF8')::jsonb ->> 'trigger' = ?",
                Long.class,
                "watcher:" + watcher);
    }

    private void reactOnBothNodes(ConfigurableApplicationContext node) throws Exception {
        var other = node.getBean(Watchers.class);
        for (int round = 0; round < 2; round++) atOnce(List.of(watchers::react, other::react));
    }

    @Test
    void
            a_paused_watcher_defers_new_models_to_its_resume_a_dead_claim_is_taken_over_once_and_the_trend_follows_the_reports()
                    throws Exception {
        var node = secondNode();
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "watcher pause test"}""".formatted(alice.id()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        var otherSync = node.getBean(ModelCatalogueSync.class);
        try {
            models(DEFAULT_MODELS, ZETA_PRODUCTION);
            sync.sync();
            String benchmark = createBenchmark(alice, "release trend", "PRIVATE");
            var created = send("POST", "/api/watchers", alice, """
                    {"match": {"providerPattern": "fake", "vendorPattern": "zeta"}, "benchmarkIds": ["%s"], "productionModel": "fake/zeta/prod",
                     "billing": "CREDITS"}""".formatted(benchmark));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.body().get("paused").asBoolean()).isFalse();
            String watcher = created.body().get("id").asText();

            // only the owner pauses; to anyone else the watcher does not exist
            assertThat(send("PATCH", "/api/watchers/" + watcher, bob, "{\"paused\": true}")
                            .status())
                    .isEqualTo(404);
            var noField = send("PATCH", "/api/watchers/" + watcher, alice, "{}");
            assertThat(noField.status()).isEqualTo(400);
            assertThat(noField.body().get("errors").get(0).get("field").asText())
                    .isEqualTo("paused");
            var paused = send("PATCH", "/api/watchers/" + watcher, alice, "{\"paused\": true}");
            assertThat(paused.status()).as(paused.text()).isEqualTo(200);
            assertThat(paused.body().get("paused").asBoolean()).isTrue();

            // a model appears while it is paused: no node starts anything
            models(DEFAULT_MODELS, ZETA_PRODUCTION, ZETA_ONE);
            atOnce(List.of(sync::sync, otherSync::sync));
            reactOnBothNodes(node);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM watcher_run WHERE watcher_id = ?", Long.class, watcher))
                    .isZero();
            assertThat(runsOf(watcher)).isZero();

            // resumed: that model is evaluated, once across both nodes
            var resumed = send("PATCH", "/api/watchers/" + watcher, alice, "{\"paused\": false}");
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(resumed.body().get("paused").asBoolean()).isFalse();
            reactOnBothNodes(node);
            assertThat(jdbc.queryForList(
                            "SELECT model_id || ' ' || status FROM watcher_run WHERE watcher_id = ?",
                            String.class,
                            watcher))
                    .containsExactly("fake/zeta/one STARTED");
            assertThat(runsOf(watcher)).isEqualTo(1);

            // paused again, a second model appears; a node claims it (as if the claim came before the pause) and dies:
            // the
            // claim's lease runs out, and after the resume one node takes it over and starts the run, once
            send("PATCH", "/api/watchers/" + watcher, alice, "{\"paused\": true}");
            models(DEFAULT_MODELS, ZETA_PRODUCTION, ZETA_ONE, ZETA_TWO);
            // both nodes read the new list: each prices CREDITS runs from the catalogue it last read itself
            atOnce(List.of(sync::sync, otherSync::sync));
            Long change = jdbc.queryForObject(
                    "SELECT max(id) FROM model_catalogue_change WHERE model_id = 'fake/zeta/two' AND kind = 'APPEARED'",
                    Long.class);
            jdbc.update(
                    "INSERT INTO watcher_run (watcher_id, model_id, benchmark_id, change_id, status, claim_token, lease_until) "
                            + "VALUES (?, 'fake/zeta/two', ?, ?, 'CLAIMED', 'dead-node', now() - interval '1 second')",
                    watcher,
                    benchmark,
                    change);
            send("PATCH", "/api/watchers/" + watcher, alice, "{\"paused\": false}");
            reactOnBothNodes(node);
            assertThat(jdbc.queryForList(
                            "SELECT model_id || ' ' || status FROM watcher_run WHERE watcher_id = ?",
                            String.class,
                            watcher))
                    .containsExactlyInAnyOrder("fake/zeta/one STARTED", "fake/zeta/two STARTED");
            assertThat(runsOf(watcher)).isEqualTo(2);
            // the dead node was only slow: the run it would start now is refused where it would be recorded
            var watcherNow = watchers.find(watcher).orElseThrow();
            assertThat(watchers.start(watcherNow, new Watchers.Claim(watcher, "fake/zeta/two", benchmark, "dead-node")))
                    .isFalse();
            assertThat(runsOf(watcher)).isEqualTo(2);

            List<String> runIds =
                    jdbc.queryForList("SELECT run_id FROM watcher_run WHERE watcher_id = ?", String.class, watcher);
            for (String runId : runIds) {
                eventually(
                        () -> "COMPLETED"
                                .equals(get("/api/runs/" + runId, alice)
                                        .body()
                                        .get("status")
                                        .asText()),
                        "run " + runId + " completes");
            }

            // the trend: one vendor, the two releases in the order they appeared, each as its report says
            var reports =
                    get("/api/watchers/" + watcher + "/reports", alice).body().get("items");
            assertThat(reports).hasSize(2);
            var trend = get("/api/watchers/" + watcher + "/trend", alice);
            assertThat(trend.status()).as(trend.text()).isEqualTo(200);
            assertThat(trend.body().get("productionModel").asText()).isEqualTo("fake/zeta/prod");
            assertThat(trend.body().get("vendors")).hasSize(1);
            JsonNode zeta = trend.body().get("vendors").get(0);
            assertThat(zeta.get("vendor").asText()).isEqualTo("zeta");
            JsonNode releases = zeta.get("releases");
            assertThat(releases).hasSize(2);
            assertThat(releases.get(0).get("modelId").asText()).isEqualTo("fake/zeta/one");
            assertThat(releases.get(1).get("modelId").asText()).isEqualTo("fake/zeta/two");
            double sum = 0;
            double costSum = 0;
            for (JsonNode release : releases) {
                JsonNode report = null;
                for (JsonNode r : reports)
                    if (r.get("modelId").asText().equals(release.get("modelId").asText())) report = r;
                JsonNode comparison = report.get("benchmarks").get(0).get("comparison");
                assertThat(release.get("benchmarks").asInt()).isEqualTo(1);
                assertThat(release.get("scoreDifference").asDouble())
                        .isEqualTo(comparison.get("difference").get("mean").asDouble());
                assertThat(release.get("ci95"))
                        .isEqualTo(comparison.get("difference").get("ci95"));
                double cost =
                        comparison.get("candidateSummary").get("costMicros").asDouble()
                                        / comparison
                                                .get("baselineSummary")
                                                .get("costMicros")
                                                .asDouble()
                                - 1;
                assertThat(release.get("relativeCostChange").asDouble())
                        .isCloseTo(cost, org.assertj.core.api.Assertions.within(1e-12));
                // zeta/one costs half of production per token, zeta/two a quarter: both cheaper
                assertThat(cost).isNegative();
                assertThat(release.get("verdict").asText())
                        .isEqualTo(report.get("verdict").asText());
                sum += release.get("scoreDifference").asDouble();
                costSum += cost;
            }
            assertThat(zeta.get("summary").get("n").asInt()).isEqualTo(2);
            assertThat(zeta.get("summary").get("meanScoreDifference").asDouble())
                    .isCloseTo(sum / 2, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(zeta.get("summary").get("meanRelativeCostChange").asDouble())
                    .isCloseTo(costSum / 2, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(zeta.get("summary").get("ci95")).hasSize(2);
            assertThat(get("/api/watchers/" + watcher + "/trend", bob).status()).isEqualTo(404);

            var audit = send("GET", "/api/audit/events?aggregateId=" + watcher + "&limit=100", ADMIN_TOKEN, null);
            List<String> types = new ArrayList<>();
            audit.body().get("items").forEach(item -> types.add(item.get("type").asText()));
            assertThat(types)
                    .containsExactly(
                            "WatcherCreated",
                            "WatcherPaused",
                            "WatcherResumed",
                            "WatcherTriggered",
                            "WatcherPaused",
                            "WatcherResumed",
                            "WatcherTriggered");
            assertThat(audit.body()
                            .get("items")
                            .get(2)
                            .get("payload")
                            .get("pendingModels")
                            .asInt())
                    .isEqualTo(1);
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
        assertField(
                body.formatted("ac me", "[\"" + mine + "\"]", "fake/acme/steady-prod", "CREDITS"),
                "match.vendorPattern");
        assertThat(Watchers.globMatches("ac*", "acme")).isTrue();
        assertThat(Watchers.globMatches("ac*", "xacme")).isFalse();
        assertThat(Watchers.globMatches("open.i", "openai")).isFalse();
    }

    @Test
    void a_watcher_needs_pro_and_one_whose_plan_ended_does_not_resume() {
        String body = """
                {"match": {"vendorPattern": "acme"}, "benchmarkIds": ["%s"], "productionModel": "fake/acme/steady-prod",
                 "billing": "CREDITS"}""";
        String his = createBenchmark(bob, "his", "PRIVATE");
        long before = jdbc.queryForObject("SELECT count(*) FROM watcher", Long.class);
        var refused = send("POST", "/api/watchers", bob, body.formatted(his));
        assertThat(refused.status()).as(refused.text()).isEqualTo(402);
        assertThat(refused.body().get("limit").asText()).isEqualTo("scheduled-runs");
        assertThat(refused.body().get("plan").asText()).isEqualTo("FREE");
        assertThat(refused.body().get("requiredPlan").asText()).isEqualTo("PRO");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM watcher", Long.class))
                .isEqualTo(before);

        String subscription = subscribePro(bob);
        var created = send("POST", "/api/watchers", bob, body.formatted(his));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(send("PATCH", "/api/watchers/" + id, bob, "{\"paused\": true}")
                        .status())
                .isEqualTo(200);
        endPro(subscription, bob);
        var resume = send("PATCH", "/api/watchers/" + id, bob, "{\"paused\": false}");
        assertThat(resume.status()).as(resume.text()).isEqualTo(402);
        assertThat(get("/api/watchers/" + id, bob).body().get("paused").asBoolean())
                .isTrue();
        assertThat(send("DELETE", "/api/watchers/" + id, bob, null).status()).isEqualTo(204);
    }

    private void assertField(String body, String field) {
        var refused = send("POST", "/api/watchers", alice, body);
        assertThat(refused.status()).as(body).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText())
                .as(body)
                .isEqualTo(field);
    }
}

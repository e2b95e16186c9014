package io.benchmarkhub.api.releases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The catalogue's history over two app instances on one PostgreSQL, both configured with a local OpenAI-compatible
 * provider {@code releases} whose model list changes between syncs: every change becomes one event and one entry of
 * {@code GET /api/models/changes}, however often and however concurrently the two nodes sync.
 */
class CatalogueHistoryTest extends ApiTestBase {

    private static final ExtraNodes NODES = new ExtraNodes();

    @Autowired
    DataSource dataSource;

    @AfterAll
    static void stopNodes() {
        NODES.close();
    }

    private static String models(String... entries) {
        return "{\"data\": [" + String.join(",", entries) + "]}";
    }

    private static String model(String id, String prompt, String completion, int context) {
        return """
                {"id": "%s", "context_length": %d, "pricing": {"prompt": "%s", "completion": "%s"}}""".formatted(id, context, prompt, completion);
    }

    @Test
    void two_nodes_syncing_a_changing_model_list_at_once_record_each_change_once() throws Exception {
        try (var server = new FakeOpenRouterServer()) {
            server.models(models(
                    model("acme/alpha", "0.000001", "0.000002", 8000),
                    model("acme/beta", "0.000003", "0.000004", 16000),
                    model("other/gamma", "0.0000005", "0.000001", 32000)));
            List<String> settings = List.of(
                    "--benchmarkhub.providers.openai-compatible.releases.base-url=" + server.baseUrl(),
                    "--benchmarkhub.providers.openrouter.base-url=" + PROVIDER.baseUrl(),
                    "--benchmarkhub.providers.openrouter.api-key=test-server-key");
            var one = NODES.start(dataSource, ADMIN_TOKEN, settings);
            var two = NODES.start(dataSource, ADMIN_TOKEN, settings);
            syncAtOnce(one, two);

            JsonNode initial = changes("?provider=releases").body();
            assertThat(kinds(initial))
                    .containsExactly(
                            "APPEARED releases/acme/alpha",
                            "APPEARED releases/acme/beta",
                            "APPEARED releases/other/gamma");
            assertThat(initial.get("items").get(0).get("initial").asBoolean()).isTrue();
            assertThat(initial.get("items").get(0).get("vendor").asText()).isEqualTo("acme");
            assertThat(initial.get("items")
                            .get(0)
                            .get("current")
                            .get("promptMicrosPerMillionTokens")
                            .asLong())
                    .isEqualTo(1_000_000);
            assertThat(initial.get("items").get(2).get("vendor").asText()).isEqualTo("other");
            Instant before = Instant.now();

            // alpha gets cheaper, beta a longer context, gamma goes, delta arrives
            server.models(models(
                    model("acme/alpha", "0.0000008", "0.000002", 8000),
                    model("acme/beta", "0.000003", "0.000004", 64000),
                    model("acme/delta", "0.000002", "0.000006", 128000)));
            for (int round = 0; round < 3; round++) syncAtOnce(one, two);

            var changed = changes("?provider=releases&since=" + before);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(kinds(changed.body()))
                    .containsExactly(
                            "PRICES_CHANGED releases/acme/alpha",
                            "CONTEXT_LENGTH_CHANGED releases/acme/beta",
                            "APPEARED releases/acme/delta",
                            "DISAPPEARED releases/other/gamma");
            JsonNode items = changed.body().get("items");
            assertThat(items.get(0)
                            .get("previous")
                            .get("promptMicrosPerMillionTokens")
                            .asLong())
                    .isEqualTo(1_000_000);
            assertThat(items.get(0)
                            .get("current")
                            .get("promptMicrosPerMillionTokens")
                            .asLong())
                    .isEqualTo(800_000);
            assertThat(items.get(1).get("previous").get("contextLength").asInt())
                    .isEqualTo(16000);
            assertThat(items.get(1).get("current").get("contextLength").asInt()).isEqualTo(64000);
            assertThat(items.get(2).get("initial").asBoolean()).isFalse();
            assertThat(items.get(2).get("current").get("contextLength").asInt()).isEqualTo(128000);
            assertThat(items.get(3).get("current").isNull()).isTrue();

            // the same history is in the event store, one event per change, in the audit stream
            var audit = send("GET", "/api/audit/events?aggregateId=catalogue:releases&limit=100", ADMIN_TOKEN, null);
            assertThat(audit.status()).isEqualTo(200);
            List<String> types = new ArrayList<>();
            audit.body()
                    .get("items")
                    .forEach(item -> types.add(item.get("type").asText() + " "
                            + item.get("payload").get("modelId").asText()));
            assertThat(types)
                    .containsExactly(
                            "ModelAppeared releases/acme/alpha",
                            "ModelAppeared releases/acme/beta",
                            "ModelAppeared releases/other/gamma",
                            "ModelPricesChanged releases/acme/alpha",
                            "ModelContextLengthChanged releases/acme/beta",
                            "ModelAppeared releases/acme/delta",
                            "ModelDisappeared releases/other/gamma");
            assertThat(audit.body().get("items").get(0).get("aggregateType").asText())
                    .isEqualTo("ModelCatalogue");

            // a filter by vendor and kind, and paging with the cursor
            assertThat(kinds(changes("?provider=releases&vendor=acme&kind=APPEARED")
                            .body()))
                    .containsExactly(
                            "APPEARED releases/acme/alpha",
                            "APPEARED releases/acme/beta",
                            "APPEARED releases/acme/delta");
            var firstPage = changes("?provider=releases&limit=4");
            assertThat(firstPage.body().get("items")).hasSize(4);
            var secondPage = changes("?provider=releases&limit=4&after="
                    + firstPage.body().get("nextCursor").asText());
            assertThat(kinds(secondPage.body()))
                    .containsExactly(
                            "CONTEXT_LENGTH_CHANGED releases/acme/beta",
                            "APPEARED releases/acme/delta",
                            "DISAPPEARED releases/other/gamma");
            assertThat(secondPage.body().get("nextCursor").isNull()).isTrue();

            // a provider that answers without a model list keeps its last one: nothing disappears
            server.models("{\"error\": {\"message\": \"down for maintenance\"}}");
            syncAtOnce(one, two);
            assertThat(changes("?provider=releases").body().get("items")).hasSize(7);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM model_catalogue WHERE provider = 'releases'", Long.class))
                    .isEqualTo(3);
        }
    }

    @Test
    void bad_filters_are_refused_naming_the_field() {
        var badSince = changes("?since=yesterday");
        assertThat(badSince.status()).isEqualTo(400);
        assertThat(badSince.text()).contains("since");
        var badLimit = changes("?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body().get("errors").get(0).get("field").asText()).isEqualTo("limit");
        var badKind = changes("?kind=RENAMED");
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.body().get("errors").get(0).get("field").asText()).isEqualTo("kind");
        var badCursor = changes("?after=abc");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.body().get("errors").get(0).get("field").asText()).isEqualTo("after");
    }

    private Response changes(String query) {
        return get("/api/models/changes" + query, null);
    }

    private static List<String> kinds(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(item ->
                        item.get("kind").asText() + " " + item.get("modelId").asText())
                .toList();
    }

    /** Both nodes sync at the same moment, each on its own thread. */
    private static void syncAtOnce(ConfigurableApplicationContext... nodes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.length);
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> syncs = new ArrayList<>();
            for (var node : nodes) {
                var sync = node.getBean(ModelCatalogueSync.class);
                syncs.add(pool.submit(() -> {
                    start.await();
                    return sync.sync();
                }));
            }
            start.countDown();
            for (var done : syncs) done.get();
        } finally {
            pool.shutdownNow();
        }
    }
}

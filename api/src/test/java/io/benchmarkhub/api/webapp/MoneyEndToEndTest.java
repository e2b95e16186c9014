package io.benchmarkhub.api.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.releases.Watchers;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The credits and releases screens end to end: web/e2e/money.e2e.mjs drives Debian's Chromium through the credits page
 * (balance and ledger after an admin's grant, reached from the user menu; 100 credits bought through the local Stripe
 * stand-in's checkout page, whose Pay delivers the signed webhook), the owner's Schedules tab of a benchmark
 * (a refused cron, then a schedule made, paused and deleted) and the release watchers page with the report of a new
 * model that appeared in the local provider's catalogue, then the watcher stopped. Screenshots land in api/target/screenshots (m*.png). Needs
 * Node 20+ and /usr/bin/chromium, as WebAppEndToEndTest.
 */
class MoneyEndToEndTest extends ApiTestBase {

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
    private static final String RELEASED = """
              {"id": "acme/steady-new", "context_length": 64000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";

    @Autowired
    ModelCatalogueSync sync;

    @Autowired
    Watchers watchers;

    private static void models(String... lists) {
        PROVIDER.models("{\"data\": [" + String.join(",", lists) + "]}");
    }

    @Test
    void a_person_reads_credits_and_manages_releases_in_chromium() throws Exception {
        Caller carol = createUser("carol");
        // scheduled runs and release watchers are Pro's where plans are sold (docs/plans.md)
        subscribePro(carol);
        var granted = send(
                "POST",
                "/api/admin/credits/grants",
                ADMIN_TOKEN,
                "{\"accountId\": \"acct_" + carol.id() + "\", \"credits\": 1500, \"reason\": \"welcome credits\"}");
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        String benchmark = createBenchmark(carol, """
                {"title": "Release check", "visibility": "PRIVATE", "promptTemplate": "Answer: {{input}}",
                 "cases": [{"input": "2+2", "expected": "4"}, {"input": "3+3", "expected": "6"}, {"input": "4+4", "expected": "8"}],
                 "graders": [{"type": "exact"}],
                 "decisionCriteria": [{"metric": "passRate", "op": ">=", "threshold": 0.5, "severity": "SHOULD"}]}""");
        String watcher;
        String runId;
        try {
            // a watcher made before a model appears; the new model's runs complete before the browser looks at the
            // report
            models(DEFAULT_MODELS, PRODUCTION);
            sync.sync();
            var created = send("POST", "/api/watchers", carol, """
                    {"match": {"providerPattern": "fake", "vendorPattern": "acme"}, "benchmarkIds": ["%s"],
                     "productionModel": "fake/acme/steady-prod", "billing": "CREDITS", "monthlyCreditCap": 500}""".formatted(benchmark));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            watcher = created.body().get("id").asText();
            models(DEFAULT_MODELS, PRODUCTION, RELEASED);
            sync.sync();
            watchers.react();
            List<String> runIds =
                    jdbc.queryForList("SELECT run_id FROM watcher_run WHERE watcher_id = ?", String.class, watcher);
            assertThat(runIds).hasSize(1);
            runId = runIds.get(0);
            eventually(
                    () -> "COMPLETED"
                            .equals(get("/api/runs/" + runIds.get(0), carol)
                                    .body()
                                    .get("status")
                                    .asText()),
                    "the watcher's run completes");
        } finally {
            models(DEFAULT_MODELS);
            sync.sync();
        }

        ProcessBuilder node = new ProcessBuilder("node", "e2e/money.e2e.mjs")
                .directory(WebAppEndToEndTest.WEB.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "http://localhost:" + port);
        node.environment().put("API_TOKEN", carol.token());
        node.environment().put("BENCHMARK_ID", benchmark);
        STRIPE.connect("http://localhost:" + port, WEBHOOK_SECRET);
        node.environment().put("STRIPE_URL", STRIPE.baseUrl());
        node.environment().put("WATCHER_ID", watcher);
        node.environment().put("SCREENSHOTS", WebAppEndToEndTest.SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", System.getProperty("benchmarkhub.chromium", "/usr/bin/chromium"));
        Path log = Files.createTempFile("web-money-e2e-", ".log");
        Process process = node.redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) process.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(ended).as("the browser script ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all money screens passed");
        for (String shot : new String[] {
            "m1-credits.png", "m2-credits-phone.png", "m3-schedules.png", "m4-watchers.png", "m5-watchers-phone.png"
        }) {
            assertThat(WebAppEndToEndTest.SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
        // the schedule and the watcher were deleted in the browser; the watcher's run stays
        assertThat(get("/api/benchmarks/" + benchmark + "/schedules", carol)
                        .body()
                        .get("items"))
                .isEmpty();
        assertThat(get("/api/watchers", carol).body().get("items")).isEmpty();
        assertThat(get("/api/runs/" + runId, carol).status()).isEqualTo(200);
    }
}

package io.benchmarkhub.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.releases.Schedules;
import io.benchmarkhub.api.releases.Watchers;
import io.benchmarkhub.command.run.catalogue.ModelCatalogueSync;
import io.benchmarkhub.domain.benchmark.BenchmarkId;
import io.benchmarkhub.domain.benchmark.commands.FlagContamination;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The release notifications: a watcher's report is ready, a schedule's monthly budget is used up. */
class WebhookReleaseEventsTest extends ApiTestBase {

    /** Plans are sold in the tests; scheduled runs and release watchers are Pro's (docs/plans.md). */
    @BeforeEach
    void alicePaysForPro() {
        subscribePro(alice);
    }

    private static final WebhookReceiver RECEIVER = new WebhookReceiver("127.0.0.1");
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
    private static final String NEW_MODEL = """
              {"id": "acme/steady-hooked", "context_length": 64000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}""";

    @Autowired
    ModelCatalogueSync sync;

    @Autowired
    Watchers watchers;

    @Autowired
    Schedules schedules;

    @Autowired
    CommandGateway commands;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private String register(Caller caller, String path, String events) {
        Response created = send("POST", "/api/webhooks", caller, """
                {"url": "%s", "events": %s}""".formatted(RECEIVER.url(path), events));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static void models(String... lists) {
        PROVIDER.models("{\"data\": [" + String.join(",", lists) + "]}");
    }

    @Test
    void a_release_report_is_ready_once_when_the_last_of_its_runs_ends() throws Exception {
        var granted = send("POST", "/api/admin/credits/grants", ADMIN_TOKEN, """
                {"accountId": "acct_%s", "credits": 1000, "reason": "webhook test"}""".formatted(alice.id()));
        assertThat(granted.status()).as(granted.text()).isEqualTo(201);
        try {
            models(DEFAULT_MODELS, PRODUCTION);
            sync.sync();
            String b1 = createBenchmark(alice, "release hook one", "PRIVATE");
            String b2 = createBenchmark(alice, "release hook two", "PRIVATE");
            var watcher = send("POST", "/api/watchers", alice, """
                    {"match": {"providerPattern": "fake", "vendorPattern": "acme"}, "benchmarkIds": ["%s", "%s"],
                     "productionModel": "fake/acme/steady-prod", "billing": "CREDITS"}""".formatted(b1, b2));
            assertThat(watcher.status()).as(watcher.text()).isEqualTo(201);
            String watcherId = watcher.body().get("id").asText();
            String hook = register(alice, "/reports", "[\"release_report.ready\", \"run.completed\"]");
            String bobsHook = register(bob, "/bobs-reports", "[\"release_report.ready\", \"run.completed\"]");

            models(DEFAULT_MODELS, PRODUCTION, NEW_MODEL);
            sync.sync();
            watchers.react();
            List<String> runIds = jdbc.queryForList(
                    "SELECT run_id FROM watcher_run WHERE watcher_id = ? ORDER BY benchmark_id",
                    String.class,
                    watcherId);
            assertThat(runIds).hasSize(2);
            for (String runId : runIds) {
                eventually(
                        () -> "COMPLETED"
                                .equals(get("/api/runs/" + runId, alice)
                                        .body()
                                        .get("status")
                                        .asText()),
                        "run " + runId + " completes");
            }

            // two run ends and one report, each once
            eventually(() -> RECEIVER.on("/reports").size() == 3, "the report and both runs are told");
            var reports = new ArrayList<JsonNode>();
            for (var request : RECEIVER.on("/reports")) {
                JsonNode body = mapper.readTree(request.body());
                if (body.get("type").asText().equals("release_report.ready")) reports.add(body);
            }
            assertThat(reports).hasSize(1);
            JsonNode data = reports.getFirst().get("data");
            assertThat(data.get("watcherId").asText()).isEqualTo(watcherId);
            assertThat(data.get("modelId").asText()).isEqualTo("fake/acme/steady-hooked");
            assertThat(data.get("productionModel").asText()).isEqualTo("fake/acme/steady-prod");
            assertThat(data.get("benchmarks")).hasSize(2);
            for (JsonNode benchmark : data.get("benchmarks")) {
                assertThat(benchmark.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(runIds).contains(benchmark.get("runId").asText());
            }
            // a repeated reaction tells nothing more
            watchers.react();
            JsonNode log = get("/api/webhooks/" + hook + "/deliveries", alice).body();
            assertThat(log.get("total").asInt()).isEqualTo(3);
            assertThat(RECEIVER.on("/bobs-reports")).isEmpty();
            assertThat(get("/api/webhooks/" + bobsHook + "/deliveries", bob)
                            .body()
                            .get("items"))
                    .isEmpty();
        } finally {
            models(DEFAULT_MODELS);
            sync.sync();
        }
    }

    @Test
    void a_schedule_that_reached_its_monthly_cap_is_told_once_a_month_however_many_fires_it_skips() throws Exception {
        String benchmark = createBenchmark(alice, "capped hook", "PRIVATE");
        var created = send("POST", "/api/benchmarks/" + benchmark + "/schedules", alice, """
                {"cron": "* * * * *", "timeZone": "UTC", "models": ["sim/echo"], "billing": "CREDITS", "monthlyCreditCap": 50,
                 "misfirePolicy": "FIRE_ONCE"}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String schedule = created.body().get("id").asText();
        String hook = register(alice, "/budget", "[\"schedule.budget_reached\"]");
        // an earlier fire this month reserved the whole cap
        jdbc.update(
                "INSERT INTO schedule_fire (schedule_id, fire_time, status, run_id, reserved_credits) VALUES (?, ?, 'STARTED', 'run_earlier', 50)",
                schedule,
                Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(500)));

        for (int fire = 0; fire < 2; fire++) {
            // due now, as if this minute's fire had come
            jdbc.update(
                    "UPDATE run_schedule SET next_fire_at = ? WHERE id = ?",
                    Timestamp.from(Instant.now().minusMillis(200 - fire)),
                    schedule);
            schedules.fireDue(Instant.now());
        }
        Long skipped = jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%.ScheduleFireSkipped'",
                Long.class, schedule);
        assertThat(skipped).isEqualTo(2);

        eventually(() -> RECEIVER.on("/budget").size() == 1, "the budget is told");
        JsonNode body = mapper.readTree(RECEIVER.on("/budget").getFirst().body());
        assertThat(body.get("type").asText()).isEqualTo("schedule.budget_reached");
        assertThat(body.get("data").get("scheduleId").asText()).isEqualTo(schedule);
        assertThat(body.get("data").get("benchmarkId").asText()).isEqualTo(benchmark);
        assertThat(body.get("data").get("monthlyCreditCap").asLong()).isEqualTo(50);
        // the second skip is handled too (same month): still one delivery
        eventually(
                () -> jdbc.queryForObject(
                                "SELECT count(*) FROM webhook_event WHERE type = 'schedule.budget_reached' AND body LIKE ?",
                                Long.class,
                                "%" + schedule + "%")
                        == 1,
                "one notification");
        assertThat(get("/api/webhooks/" + hook + "/deliveries", alice)
                        .body()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(send("DELETE", "/api/schedules/" + schedule, alice, null).status())
                .isEqualTo(204);
    }

    @Test
    void a_contamination_flag_on_my_benchmark_is_told_to_me_and_not_to_a_user_who_only_runs_it() throws Exception {
        String benchmark = createBenchmark(alice, "flagged hook", "PUBLIC");
        String mine = register(alice, "/flags", "[\"contamination.flagged\"]");
        String bobs = register(bob, "/bobs-flags", "[\"contamination.flagged\"]");

        assertThat(commands.<Object>sendAndWait(new FlagContamination(
                        new BenchmarkId(benchmark), "fake/acme/leaky", 0.97, 0.41, 0.08, 7.0, 20, 12, 9)))
                .isEqualTo(true);

        eventually(() -> RECEIVER.on("/flags").size() == 1, "the owner is told");
        JsonNode body = mapper.readTree(RECEIVER.on("/flags").getFirst().body());
        assertThat(body.get("type").asText()).isEqualTo("contamination.flagged");
        assertThat(body.get("data").get("benchmarkId").asText()).isEqualTo(benchmark);
        assertThat(body.get("data").get("model").asText()).isEqualTo("fake/acme/leaky");
        assertThat(body.get("data").get("zScore").asDouble()).isEqualTo(7.0);
        assertThat(get("/api/webhooks/" + mine + "/deliveries", alice)
                        .body()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(get("/api/webhooks/" + bobs + "/deliveries", bob)
                        .body()
                        .get("total")
                        .asInt())
                .isZero();
        assertThat(RECEIVER.on("/bobs-flags")).isEmpty();
    }
}

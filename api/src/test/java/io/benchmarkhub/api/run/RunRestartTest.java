package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchmarkhub.api.BenchmarkHubApplication;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.domain.credits.events.CreditsCharged;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunStarted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stops the application in the middle of a run and starts it again on the same data: the new
 * instance finds the unfinished run in the event store and completes it, and every trial and
 * every verdict is recorded exactly once. The first instance also loses its lease before it stops
 * (as a crashed node would), so the second one has to wait for the lease to expire. The run is billed
 * in credits: reserved before the stop, charged once after the restart.
 */
class RunRestartTest {

    private static final String TOKEN = "restart-admin-token";

    @Test
    void a_run_interrupted_by_a_restart_completes_with_exactly_one_result_per_trial() throws Exception {
        Path dataDir = Files.createTempDirectory("benchmarkhub-restart-");
        // the fake models' catalogue: a paid call is sent only when its bound, from these prices, is covered by the
        // reservation
        try (var provider =
                new FakeOpenRouterServer().otherwise(FakeModels.dispatch()).models("""
                {"data": [{"id": "slow-a", "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
                          {"id": "slow-b", "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
                          {"id": "judge-a", "pricing": {"prompt": "0", "completion": "0"}}]}""")) {
            String runId;
            int trials = 30 * 2;
            try (var first = start(dataDir, provider)) {
                String benchmark = createBenchmark(first, 30);
                String admin = call(first, "GET", "/api/me", null).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                call(first, "POST", "/api/admin/credits/grants", """
                        {"accountId": "acct_%s", "credits": 5000, "reason": "restart test"}""".formatted(admin));
                // at most 1,000 credits, more than the run's bound (60 × 2,058 µ$ × 1.3 = 161 credits): 161 are
                // reserved
                String started = call(first, "POST", "/api/runs", """
                        {"benchmarkId": "%s", "models": ["fake/slow-a", "fake/slow-b"], "judges": ["fake/judge-a"], "billing": "CREDITS",
                         "maxCostCredits": 1000}""".formatted(benchmark));
                runId = started.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                String id = runId;
                await(() -> count(first, id, ModelResponseRecorded.class) >= 8, "some answers are recorded");
                assertThat(events(first, runId)).noneMatch(RunCompleted.class::isInstance);
                // the node loses its lease, as if it had stopped renewing it; it stops executing the run
                first.getBean(JdbcTemplate.class)
                        .update(
                                "UPDATE run_lease SET node_id = 'crashed-node', expires_at = now() + interval '3 seconds' WHERE run_id = ?",
                                runId);
            }
            int callsBeforeRestart = provider.requestCount();

            try (var second = start(dataDir, provider)) {
                String id = runId;
                await(
                        () -> events(second, id).stream().anyMatch(RunCompleted.class::isInstance),
                        "the run completes after the restart");
                List<Object> payloads = events(second, runId);
                Map<String, Long> settles = payloads.stream()
                        .filter(p -> p instanceof ModelResponseRecorded || p instanceof ModelCallFailed)
                        .collect(Collectors.groupingBy(p -> key((RunEvent.TrialResult) p), Collectors.counting()));
                assertThat(settles).hasSize(trials);
                assertThat(settles.values()).containsOnly(1L);
                Map<String, Long> verdicts = payloads.stream()
                        .filter(JudgeVerdictRecorded.class::isInstance)
                        .collect(Collectors.groupingBy(p -> key((RunEvent.TrialResult) p), Collectors.counting()));
                assertThat(verdicts).hasSize(trials);
                assertThat(verdicts.values()).containsOnly(1L);
                assertThat(payloads).filteredOn(RunStarted.class::isInstance).hasSize(1);
                // charged once, for the 60 answers at $0.0001 each: ⌈6,000 µ$ × 1.3 ÷ 1,000⌉ = 8 credits
                String admin = call(second, "GET", "/api/me", null).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                await(
                        () -> events(second, "acct_" + admin).stream().anyMatch(CreditsCharged.class::isInstance),
                        "the run is charged");
                assertThat(events(second, "acct_" + admin))
                        .filteredOn(CreditsCharged.class::isInstance)
                        .singleElement()
                        .isInstanceOfSatisfying(CreditsCharged.class, charge -> {
                            assertThat(charge.apiCostMicros()).isEqualTo(6_000);
                            assertThat(charge.credits()).isEqualTo(8);
                        });
                // the resumed run did not ask again for what was recorded: at most the calls in flight at the stop are
                // repeated
                int callsAfterRestart = provider.requestCount() - callsBeforeRestart;
                assertThat(callsAfterRestart).isLessThan(2 * trials);
                assertThat(provider.requestCount()).isLessThanOrEqualTo(2 * trials + 2 * 16);
            }
        }
    }

    private static String key(RunEvent.TrialResult r) {
        return r.caseId() + "|" + r.model() + "|" + r.repeat();
    }

    private static ConfigurableApplicationContext start(Path dataDir, FakeOpenRouterServer provider) {
        return new SpringApplicationBuilder(BenchmarkHubApplication.class)
                .run(
                        "--server.port=0",
                        "--benchmarkhub.golden-library.enabled=false",
                        "--benchmarkhub.data-dir=" + dataDir,
                        "--benchmarkhub.bootstrap-admin-token=" + TOKEN,
                        "--benchmarkhub.quartz-scheduler-name=restart-" + UUID.randomUUID(),
                        "--benchmarkhub.providers.openai-compatible.fake.base-url=" + provider.baseUrl(),
                        "--benchmarkhub.providers.openai-compatible.fake.max-concurrency=4",
                        "--benchmarkhub.runs.scan-interval=500ms",
                        "--benchmarkhub.runs.lease-timeout=5s");
    }

    private static String createBenchmark(ConfigurableApplicationContext app, int cases) throws Exception {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++) items.add("{\"input\": \"q" + i + "\", \"expected\": \"q" + i + "\"}");
        String created = call(app, "POST", "/api/benchmarks", """
                {"title": "Restart", "visibility": "PRIVATE", "cases": [%s],
                 "graders": [{"type": "contains"}, {"type": "llm-judge", "rubric": "Repeats the question?"}]}""".formatted(String.join(",", items)));
        return created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    private static String call(ConfigurableApplicationContext app, String method, String path, String body)
            throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .method(
                                        method,
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body().replace(" ", "");
    }

    private static List<Object> events(ConfigurableApplicationContext app, String runId) {
        return app.getBean(EventStore.class)
                .readEvents(runId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private static long count(ConfigurableApplicationContext app, String runId, Class<?> type) {
        return events(app, runId).stream().filter(type::isInstance).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }
}

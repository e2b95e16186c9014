package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.BenchmarkHubApplication;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.benchmarkhub.domain.run.events.JudgeVerdictRecorded;
import io.benchmarkhub.domain.run.events.ModelCallFailed;
import io.benchmarkhub.domain.run.events.ModelResponseRecorded;
import io.benchmarkhub.domain.run.events.RunCompleted;
import io.benchmarkhub.domain.run.events.RunEvent;
import io.benchmarkhub.domain.run.events.RunFailed;
import io.benchmarkhub.domain.run.events.RunResumed;
import io.benchmarkhub.domain.run.events.RunSuspended;
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
 * Issue 12, item 7: a BYOK run whose node stops loses its key (it is kept in memory only). The next executor suspends
 * it instead of failing it; the run view says it can be resumed; its requester resumes it with the key and it
 * completes from what was recorded, every trial and verdict recorded once, the key in no event. The stop is simulated
 * as in {@link RunRestartTest}: the first instance loses its lease, as a crashed node would, and is closed.
 */
class ByokResumeTest {

    private static final String TOKEN = "byok-resume-admin-token";
    private static final String KEY = "sk-byok-resume-4711";
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void a_byok_run_interrupted_by_a_stop_waits_suspended_and_completes_once_resumed_with_its_key() throws Exception {
        Path dataDir = Files.createTempDirectory("benchmarkhub-byok-resume-");
        try (var provider = new FakeOpenRouterServer().otherwise(FakeModels.dispatch())) {
            String runId;
            int trials = 30 * 2;
            try (var first = start(dataDir, provider)) {
                String benchmark = createBenchmark(first, 30);
                Answer started =
                        call(first, "POST", "/api/runs", TOKEN, """
                        {"benchmarkId": "%s", "models": ["fake/slow-a", "fake/slow-b"], "judges": ["fake/judge-a"], "billing": "BYOK"}""".formatted(benchmark), "X-Provider-Key", KEY);
                assertThat(started.status()).as(started.text()).isEqualTo(202);
                runId = started.body().get("id").asText();
                String id = runId;
                await(() -> count(first, id, ModelResponseRecorded.class) >= 8, "some answers are recorded");
                first.getBean(JdbcTemplate.class)
                        .update(
                                "UPDATE run_lease SET node_id = 'crashed-node', expires_at = now() + interval '3 seconds' WHERE run_id = ?",
                                runId);
            }
            long callsBeforeRestart = chatCalls(provider).size();

            try (var second = start(dataDir, provider)) {
                String id = runId;
                await(() -> "SUSPENDED".equals(view(second, id).path("status").asText()), "the run waits for its key");
                JsonNode suspended = view(second, runId);
                assertThat(suspended.path("resume").path("href").asText()).isEqualTo("/api/runs/" + runId + "/resume");
                assertThat(suspended.path("resume").path("reason").asText()).contains("X-Provider-Key");
                assertThat(suspended.has("completedAt")).isFalse();
                long doneWhileSuspended =
                        suspended.path("progress").path("done").asLong();
                assertThat(doneWhileSuspended).isBetween(8L, trials - 1L);
                assertThat(events(second, runId)).noneMatch(RunFailed.class::isInstance);
                assertThat(chatCalls(provider)).as("no call while it waits").hasSize((int) callsBeforeRestart);

                Answer noKey = call(second, "POST", "/api/runs/" + runId + "/resume", TOKEN, null);
                assertThat(noKey.status()).isEqualTo(400);
                assertThat(noKey.text()).contains("X-Provider-Key");
                String stranger = call(
                                second, "POST", "/api/users", TOKEN, "{\"handle\": \"stranger\", \"role\": \"ADMIN\"}")
                        .body()
                        .get("token")
                        .asText();
                assertThat(call(second, "POST", "/api/runs/" + runId + "/resume", stranger, null, "X-Provider-Key", KEY)
                                .status())
                        .as("an admin who did not request the run is told it does not exist")
                        .isEqualTo(404);
                assertThat(call(second, "POST", "/api/runs/run_nosuchrun/resume", TOKEN, null, "X-Provider-Key", KEY)
                                .status())
                        .isEqualTo(404);

                Answer resumed =
                        call(second, "POST", "/api/runs/" + runId + "/resume", TOKEN, null, "X-Provider-Key", KEY);
                assertThat(resumed.status()).as(resumed.text()).isEqualTo(202);
                assertThat(resumed.body().path("status").asText()).isIn("RUNNING", "COMPLETED");
                await(() -> "COMPLETED".equals(view(second, id).path("status").asText()), "the resumed run completes");

                List<Object> payloads = events(second, runId);
                Map<String, Long> settles = payloads.stream()
                        .filter(p -> p instanceof ModelResponseRecorded || p instanceof ModelCallFailed)
                        .collect(Collectors.groupingBy(p -> key((RunEvent.TrialResult) p), Collectors.counting()));
                assertThat(settles).hasSize(trials);
                assertThat(settles.values()).containsOnly(1L);
                assertThat(payloads)
                        .filteredOn(ModelCallFailed.class::isInstance)
                        .isEmpty();
                Map<String, Long> verdicts = payloads.stream()
                        .filter(JudgeVerdictRecorded.class::isInstance)
                        .collect(Collectors.groupingBy(p -> key((RunEvent.TrialResult) p), Collectors.counting()));
                assertThat(verdicts).hasSize(trials);
                assertThat(verdicts.values()).containsOnly(1L);
                assertThat(payloads).filteredOn(RunSuspended.class::isInstance).hasSize(1);
                assertThat(payloads).filteredOn(RunResumed.class::isInstance).hasSize(1);
                assertThat(payloads).filteredOn(RunCompleted.class::isInstance).hasSize(1);

                // after the resume the calls carry the key sent again, and the run asked only for what was missing
                List<FakeOpenRouterServer.Recorded> calls = chatCalls(provider);
                List<FakeOpenRouterServer.Recorded> afterResume = calls.subList((int) callsBeforeRestart, calls.size());
                assertThat(afterResume)
                        .isNotEmpty()
                        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + KEY));
                assertThat(afterResume.stream()
                                .filter(r -> !r.body().path("model").asText().contains("judge"))
                                .count())
                        .isLessThanOrEqualTo(trials - doneWhileSuspended + 16);
                Integer stored = second.getBean(JdbcTemplate.class).queryForObject("""
                        SELECT count(*) FROM domain_event_entry WHERE position(? in convert_from(payload, 'UTF8')) > 0
                           OR position(? in convert_from(coalesce(meta_data, ''::bytea), 'UTF8')) > 0""", Integer.class, KEY, KEY);
                assertThat(stored).as("no event carries the key").isZero();

                Answer again =
                        call(second, "POST", "/api/runs/" + runId + "/resume", TOKEN, null, "X-Provider-Key", KEY);
                assertThat(again.status()).isEqualTo(409);
                assertThat(again.body().path("runStatus").asText()).isEqualTo("COMPLETED");
                assertThat(again.body().path("detail").asText()).contains("only a run that waits for its provider key");
            }
        }
    }

    /** The chat completions the provider was asked for, in order (not the catalogue's model lists). */
    private static List<FakeOpenRouterServer.Recorded> chatCalls(FakeOpenRouterServer provider) {
        return provider.requests().stream()
                .filter(r -> r.path().endsWith("/chat/completions"))
                .toList();
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
                        "--benchmarkhub.quartz-scheduler-name=byok-resume-" + UUID.randomUUID(),
                        "--benchmarkhub.providers.openai-compatible.fake.base-url=" + provider.baseUrl(),
                        "--benchmarkhub.providers.openai-compatible.fake.max-concurrency=4",
                        "--benchmarkhub.runs.scan-interval=500ms",
                        "--benchmarkhub.runs.lease-timeout=5s");
    }

    private String createBenchmark(ConfigurableApplicationContext app, int cases) throws Exception {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++) items.add("{\"input\": \"q" + i + "\", \"expected\": \"q" + i + "\"}");
        Answer created = call(app, "POST", "/api/benchmarks", TOKEN, """
                {"title": "Resume", "visibility": "PRIVATE", "cases": [%s],
                 "graders": [{"type": "contains"}, {"type": "llm-judge", "rubric": "Repeats the question?"}]}""".formatted(String.join(",", items)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private record Answer(int status, JsonNode body, String text) {}

    private Answer call(
            ConfigurableApplicationContext app,
            String method,
            String path,
            String token,
            String body,
            String... headers)
            throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isBlank() ? null : mapper.readTree(response.body());
        return new Answer(response.statusCode(), json, response.body());
    }

    private JsonNode view(ConfigurableApplicationContext app, String runId) {
        try {
            Answer answer = call(app, "GET", "/api/runs/" + runId, TOKEN, null);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            return answer.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
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

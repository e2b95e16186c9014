package io.benchmarkhub.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.BenchmarkHubApplication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fair use per user (issue 12 item 11), over HTTP against two instances on one PostgreSQL: concurrent runs and trials per
 * day are counted in the database, so they hold whichever instance a request reaches; progress streams are per instance.
 * Every limit answers 429 problem+json with Retry-After.
 */
class FairUseTest extends ApiTestBase {

    private static final String[] BYOK_KEY = {"X-Provider-Key", "sk-test-byok"};
    /**
     * Two instances with low limits on the test's PostgreSQL. The test context itself runs with the generous limits every
     * other test has (ApiTestBase), so the requests under test go to these two only.
     */
    private static ConfigurableApplicationContext one;

    private static ConfigurableApplicationContext two;
    private static int onePort;
    private static int twoPort;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startInstances() throws Exception {
        if (one != null) return;
        one = startInstance("one");
        onePort = ((WebServerApplicationContext) one).getWebServer().getPort();
        two = startInstance("two");
        twoPort = ((WebServerApplicationContext) two).getWebServer().getPort();
    }

    private ConfigurableApplicationContext startInstance(String name) throws Exception {
        return new SpringApplicationBuilder(BenchmarkHubApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
                        "--spring.datasource.username=postgres",
                        "--benchmarkhub.data-dir=" + Files.createTempDirectory("benchmarkhub-" + name + "-"),
                        "--spring.application.name=instance-" + name,
                        "--benchmarkhub.quartz-scheduler-name=" + name + "-" + UUID.randomUUID(),
                        "--benchmarkhub.providers.openai-compatible.fake.base-url=" + PROVIDER.baseUrl(),
                        "--benchmarkhub.providers.request-timeout=1s",
                        "--benchmarkhub.limits.concurrent-runs=2",
                        "--benchmarkhub.limits.trials-per-day=1000",
                        "--benchmarkhub.limits.streams-per-user=2");
    }

    @AfterAll
    static void stopInstances() {
        if (one != null) one.close();
        if (two != null) two.close();
        one = null;
        two = null;
    }

    private Response onOne(String method, String path, Caller caller, String body, String... headers) {
        return on(onePort, method, path, caller, body, headers);
    }

    private Response onTwo(String method, String path, Caller caller, String body, String... headers) {
        return on(twoPort, method, path, caller, body, headers);
    }

    /** A request to one instance; safe from several threads at once. */
    private Response on(int instance, String method, String path, Caller caller, String body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + instance + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) builder.setHeader("Content-Type", "application/json");
        return exchange(builder, caller.token(), headers);
    }

    private String benchmark(Caller owner, int cases) {
        var items = new ArrayList<String>();
        for (int i = 1; i <= cases; i++) items.add("{\"input\": \"q" + i + "\", \"expected\": \"q" + i + "\"}");
        return createBenchmark(owner, """
                {"title": "Fair use", "visibility": "PRIVATE", "cases": [%s], "graders": [{"type": "contains"}]}""".formatted(String.join(",", items)));
    }

    /** A run whose every call hangs until the request timeout: it stays unfinished for far longer than the test needs. */
    private static String hangingRun(String benchmark) {
        return """
                {"benchmarkId": "%s", "models": ["fake/hang"], "billing": "BYOK"}""".formatted(benchmark);
    }

    private static void assertTooManyRequests(Response response, String limit) {
        assertThat(response.status()).as(response.text()).isEqualTo(429);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("limit").asText()).isEqualTo(limit);
        assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
        assertThat(response.body().get("retryAfterSeconds").asLong())
                .isEqualTo(Long.parseLong(response.header("Retry-After")));
    }

    @Test
    void concurrent_runs_are_limited_per_user_across_both_instances() throws Exception {
        String benchmark = benchmark(alice, 100);
        long eventsBefore = totalEvents();
        var start = new CountDownLatch(1);
        var responses = new ArrayList<Response>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Response>>();
            for (int i = 0; i < 4; i++) {
                boolean onFirst = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    start.await();
                    return onFirst
                            ? onOne("POST", "/api/runs", alice, hangingRun(benchmark), BYOK_KEY)
                            : onTwo("POST", "/api/runs", alice, hangingRun(benchmark), BYOK_KEY);
                }));
            }
            start.countDown();
            for (Future<Response> f : futures) responses.add(f.get());
        }
        assertThat(responses).extracting(Response::status).containsExactlyInAnyOrder(202, 202, 429, 429);
        responses.stream().filter(r -> r.status() == 429).forEach(r -> {
            assertTooManyRequests(r, "concurrent-runs");
            assertThat(r.header("Retry-After")).isEqualTo("30");
        });
        List<String> running = responses.stream()
                .filter(r -> r.status() == 202)
                .map(r -> r.body().get("id").asText())
                .toList();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM run_admission WHERE user_id = ?", Integer.class, alice.id()))
                .isEqualTo(2);

        // bob is not held back by alice
        assertThat(onTwo("POST", "/api/runs", bob, hangingRun(benchmark(bob, 3)), BYOK_KEY)
                        .status())
                .isEqualTo(202);

        // a run that ends frees its place, on either instance
        assertThat(onOne("POST", "/api/runs/" + running.get(0) + "/cancel", alice, null)
                        .status())
                .isEqualTo(200);
        Response again = onTwo("POST", "/api/runs", alice, hangingRun(benchmark), BYOK_KEY);
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        assertTooManyRequests(onOne("POST", "/api/runs", alice, hangingRun(benchmark), BYOK_KEY), "concurrent-runs");

        onOne("POST", "/api/runs/" + running.get(1) + "/cancel", alice, null);
        onOne("POST", "/api/runs/" + again.body().get("id").asText() + "/cancel", alice, null);
        assertThat(totalEvents()).isGreaterThan(eventsBefore);
    }

    @Test
    void trials_per_day_are_counted_in_the_database_and_a_refused_run_records_nothing() {
        String benchmark = benchmark(bob, 100);
        Response tooBig = onOne("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "repeats": 6}""".formatted(benchmark));
        assertThat(tooBig.status()).as(tooBig.text()).isEqualTo(400);
        assertThat(tooBig.body().get("errors").get(0).get("field").asText()).isEqualTo("models");
        assertThat(tooBig.body().get("errors").get(0).get("message").asText())
                .contains("1200 trials")
                .contains("1000 in 24 hours");

        Response first = onOne("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "repeats": 3}""".formatted(benchmark));
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        String firstId = first.body().get("id").asText();
        eventually(
                () -> onOne("GET", "/api/runs/" + firstId, bob, null)
                        .body()
                        .get("status")
                        .asText()
                        .equals("COMPLETED"),
                "the first run ends");

        long before = totalEvents();
        Response over = onTwo("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "repeats": 3}""".formatted(benchmark));
        assertTooManyRequests(over, "trials-per-day");
        assertThat(Long.parseLong(over.header("Retry-After")))
                .as("when the first run's 600 trials leave the 24 hours")
                .isBetween(86_000L, 86_400L);
        assertThat(over.body().get("detail").asText()).contains("600").contains("1000");
        assertThat(totalEvents()).as("nothing recorded").isEqualTo(before);

        Response fits = onTwo("POST", "/api/runs", bob, """
                {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "repeats": 2}""".formatted(benchmark));
        assertThat(fits.status())
                .as("600 + 400 is exactly the limit: " + fits.text())
                .isEqualTo(202);
    }

    @Test
    void progress_streams_open_at_once_are_limited_per_user() throws Exception {
        String benchmark = benchmark(alice, 100);
        Response started = onOne("POST", "/api/runs", alice, hangingRun(benchmark), BYOK_KEY);
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();

        var open = new ArrayList<HttpResponse<Stream<String>>>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<Stream<String>> stream = http.send(events(runId, alice), HttpResponse.BodyHandlers.ofLines());
            assertThat(stream.statusCode()).isEqualTo(200);
            open.add(stream);
        }
        HttpResponse<String> third = http.send(events(runId, alice), HttpResponse.BodyHandlers.ofString());
        assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
        assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(mapper.readTree(third.body()).get("limit").asText()).isEqualTo("streams-per-user");

        // when the run ends its streams end, and their places are free again
        assertThat(onOne("POST", "/api/runs/" + runId + "/cancel", alice, null).status())
                .isEqualTo(200);
        for (var stream : open) stream.body().forEach(line -> {});
        eventually(
                () -> {
                    try {
                        HttpResponse<Stream<String>> next =
                                http.send(events(runId, alice), HttpResponse.BodyHandlers.ofLines());
                        next.body().forEach(line -> {});
                        return next.statusCode() == 200;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                "a stream opens again once the others ended");
    }

    private HttpRequest events(String runId, Caller caller) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + onePort + "/api/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + caller.token())
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
    }
}

package io.benchmarkhub.api.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 6, against the packaged jar (a failsafe test: it runs in {@code verify}, after {@code package}). The
 * app runs a CREDITS run on the embedded default, its JVM is killed with SIGKILL in the middle of the run, which
 * leaves its PostgreSQL running on the data directory, and the same jar is started again on the same directory. It
 * must shut that PostgreSQL down, start its own, and finish the run with every trial recorded once and one charge
 * in the ledger. A second app on the same directory while the first runs is refused and harms nothing.
 */
class KillNineRestartIT {

    private static final String TOKEN = "kill-nine-admin-token";
    private static final int CASES = 30;
    private static final List<String> MODELS = List.of("fake/slow-a", "fake/slow-b");
    private static final String SETTLED = "'io.benchmarkhub.domain.run.events.ModelResponseRecorded', "
            + "'io.benchmarkhub.domain.run.events.ModelCallFailed'";

    private final Path jar = Path.of(System.getProperty("benchmarkhub.jar", "target/benchmarkhub.jar"))
            .toAbsolutePath();
    private final Path logs = Path.of(System.getProperty("benchmarkhub.it-logs", "target/kill-nine-it"))
            .toAbsolutePath();
    private final List<AppProcess> apps = new ArrayList<>();
    private Path dataDir;
    private FakeOpenRouterServer provider;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
        dataDir = Files.createTempDirectory("benchmarkhub-kill-nine-");
        // the fake models are priced in the catalogue, so the run needs no maxCostCredits; each answer reports $0.0001
        provider = new FakeOpenRouterServer().otherwise(FakeModels.dispatch()).models("""
                {"data": [
                  {"id": "slow-a", "context_length": 8192, "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
                  {"id": "slow-b", "context_length": 8192, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}
                ]}""");
    }

    @AfterEach
    void tearDown() throws Exception {
        apps.forEach(AppProcess::close);
        // a failed test must not leave the killed app's PostgreSQL behind
        postmaster().ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
        });
        provider.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void
            after_a_kill_nine_in_the_middle_of_a_credits_run_the_app_starts_again_and_the_run_completes_recorded_and_charged_once()
                    throws Exception {
        AppProcess first = start("first").awaitReady(TOKEN);
        String admin =
                first.send("GET", "/api/me", TOKEN, null).body().get("id").asText();
        awaitPriced(first);
        assertThat(first.send("POST", "/api/admin/credits/grants", TOKEN, """
                {"accountId": "acct_%s", "credits": 5000, "reason": "kill -9 test"}""".formatted(admin))
                        .status())
                .isEqualTo(201);
        String benchmark = createBenchmark(first);
        AppProcess.Answer started = first.send("POST", "/api/runs", TOKEN, """
                {"benchmarkId": "%s", "models": ["fake/slow-a", "fake/slow-b"], "billing": "CREDITS"}""".formatted(benchmark));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        int trials = CASES * MODELS.size();
        await(() -> done(first, runId) >= 8, "some trials are recorded", Duration.ofMinutes(2));

        first.kill();
        long doneAtKill = settlesPerTrial(runId).size();
        assertThat(doneAtKill).as("killed in the middle of the run").isBetween(1L, trials - 1L);
        ProcessHandle leftover =
                postmaster().orElseThrow(() -> new AssertionError("the killed app's PostgreSQL should still run"));

        AppProcess second = start("second").awaitReady(TOKEN);
        assertThat(leftover.isAlive())
                .as("the leftover PostgreSQL was shut down")
                .isFalse();
        await(
                () -> "COMPLETED".equals(run(second, runId).path("status").asText()),
                "the run completes after the restart",
                Duration.ofMinutes(3));

        JsonNode run = run(second, runId);
        assertThat(run.path("progress").path("done").asLong()).isEqualTo(trials);
        Map<String, Long> settles = settlesPerTrial(runId);
        assertThat(settles).hasSize(trials);
        assertThat(settles.values()).as("each trial settled by one event").containsOnly(1L);
        long costMicros = 0;
        for (JsonNode model : run.path("models"))
            costMicros += model.path("costMicros").asLong()
                    + model.path("judgeCostMicros").asLong();
        assertThat(costMicros).as("$0.0001 per answer").isEqualTo(trials * 100L);

        List<JsonNode> charges = awaitCharges(second, runId);
        assertThat(charges).as("one charge for the run").hasSize(1);
        assertThat(charges.getFirst().path("apiCostMicros").asLong()).isEqualTo(costMicros);
        long credits = -charges.getFirst().path("balanceChange").asLong();
        assertThat(credits).isPositive();
        JsonNode balance =
                second.send("GET", "/api/credits/balance", TOKEN, null).body();
        assertThat(balance.path("balance").asLong()).isEqualTo(5000 - credits);
        assertThat(balance.path("reserved").asLong())
                .as("the rest of the reservation was released")
                .isZero();

        // a second app on the same data directory is refused, and the running one keeps its database
        AppProcess intruder = start("intruder");
        assertThat(intruder.awaitExit(Duration.ofMinutes(3))).isNotZero();
        assertThat(Files.readString(intruder.log)).contains("is in use by another running BenchmarkHub");
        assertThat(second.send("GET", "/api/runs/" + runId, TOKEN, null).status())
                .isEqualTo(200);

        ProcessHandle ours = postmaster().orElseThrow();
        assertThat(second.stop()).as("a SIGTERM stops the app").isIn(0, 130, 143);
        ours.onExit().get(60, TimeUnit.SECONDS);
        assertThat(dataDir.resolve("postgres/postmaster.pid"))
                .as("a clean stop takes PostgreSQL down with it")
                .doesNotExist();
    }

    private AppProcess start(String name) throws Exception {
        AppProcess app = AppProcess.start(
                jar,
                logs.resolve(name + ".log"),
                List.of(
                        "--benchmarkhub.data-dir=" + dataDir,
                        "--benchmarkhub.bootstrap-admin-token=" + TOKEN,
                        "--benchmarkhub.providers.openai-compatible.fake.base-url=" + provider.baseUrl(),
                        "--benchmarkhub.providers.openai-compatible.fake.max-concurrency=4",
                        "--benchmarkhub.runs.scan-interval=500ms",
                        "--benchmarkhub.runs.lease-timeout=5s"));
        apps.add(app);
        return app;
    }

    private static void awaitPriced(AppProcess app) throws Exception {
        await(
                () -> {
                    JsonNode models = app.send("GET", "/api/models?provider=fake", TOKEN, null)
                            .body();
                    int priced = 0;
                    for (JsonNode m : models.path("models"))
                        if (m.hasNonNull("completionMicrosPerMillionTokens")) priced++;
                    return priced == MODELS.size();
                },
                "the catalogue has the fake models' prices",
                Duration.ofMinutes(1));
    }

    private static String createBenchmark(AppProcess app) throws Exception {
        var cases = new ArrayList<String>();
        for (int i = 1; i <= CASES; i++) cases.add("{\"input\": \"q" + i + "\", \"expected\": \"q" + i + "\"}");
        AppProcess.Answer created = app.send("POST", "/api/benchmarks", TOKEN, """
                {"title": "Kill nine", "visibility": "PRIVATE", "cases": [%s], "graders": [{"type": "contains"}]}""".formatted(String.join(",", cases)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static JsonNode run(AppProcess app, String runId) throws Exception {
        AppProcess.Answer answer = app.send("GET", "/api/runs/" + runId, TOKEN, null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.body();
    }

    private static long done(AppProcess app, String runId) throws Exception {
        return run(app, runId).path("progress").path("done").asLong();
    }

    private static List<JsonNode> awaitCharges(AppProcess app, String runId) throws Exception {
        var charges = new ArrayList<JsonNode>();
        await(
                () -> {
                    charges.clear();
                    boolean released = false;
                    for (JsonNode line : app.send("GET", "/api/credits/ledger?limit=200", TOKEN, null)
                            .body()
                            .path("items")) {
                        if (!runId.equals(line.path("runId").asText())) continue;
                        if ("CHARGED".equals(line.path("kind").asText())) charges.add(line);
                        if ("RELEASED".equals(line.path("kind").asText())) released = true;
                    }
                    return !charges.isEmpty() && released;
                },
                "the run is charged and its reservation released",
                Duration.ofMinutes(1));
        return List.copyOf(charges);
    }

    /** The PostgreSQL serving the data directory now, if any. */
    private Optional<ProcessHandle> postmaster() throws Exception {
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) return Optional.empty();
        return ProcessHandle.of(Long.parseLong(lines.getFirst().strip())).filter(ProcessHandle::isAlive);
    }

    /** Straight from the event store of the embedded PostgreSQL (its port is in postmaster.pid). */
    private Connection database() throws Exception {
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres?user=postgres");
    }

    /** Per trial of the run, how many events settled it (an answer or a failed call). */
    private Map<String, Long> settlesPerTrial(String runId) throws Exception {
        var settles = new HashMap<String, Long>();
        try (Connection c = database();
                PreparedStatement s = c.prepareStatement("""
                SELECT p->>'caseId' || '|' || (p->>'model') || '|' || (p->>'repeat'), count(*)
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
                      WHERE aggregate_identifier = ? AND payload_type IN (%s)) e
                GROUP BY 1""".formatted(SETTLED))) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) settles.put(rs.getString(1), rs.getLong(2));
            }
        }
        return settles;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(100);
        }
    }
}

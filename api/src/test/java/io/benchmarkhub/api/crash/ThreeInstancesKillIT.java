package io.benchmarkhub.api.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.run.FakeModels;
import io.benchmarkhub.command.run.provider.FakeOpenRouterServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 19, "beyond one machine", scaled down (docs/scaling.md): three instances of the packaged jar on one PostgreSQL
 * share run execution (each executes the run it was asked for, under its lease) and the projections' segments (at most
 * two per processor each, so the work spreads and two instances can still hold every segment). One instance is killed
 * with SIGKILL in the middle of its run; the other two take over its run and its segments, and every run completes with
 * each trial recorded once, read models complete and each run charged once, to the micro-dollar.
 */
class ThreeInstancesKillIT {

    private static final String TOKEN = "three-instances-admin-token";
    private static final int CASES = 24;
    private static final List<String> MODELS = List.of("fake/slow-a", "fake/slow-b");
    private static final String SETTLED = "'io.benchmarkhub.domain.run.events.ModelResponseRecorded', "
            + "'io.benchmarkhub.domain.run.events.ModelCallFailed'";

    private final Path jar = Path.of(System.getProperty("benchmarkhub.jar", "target/benchmarkhub.jar"))
            .toAbsolutePath();
    private final Path logs = Path.of(System.getProperty("benchmarkhub.it-logs", "target/three-instances-it"))
            .toAbsolutePath();
    private final List<AppProcess> apps = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private JdbcTemplate db;
    private FakeOpenRouterServer provider;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
        // the shared database outlives every instance, as an external PostgreSQL would
        postgres = EmbeddedPostgres.builder().start();
        db = new JdbcTemplate(postgres.getPostgresDatabase());
        provider = new FakeOpenRouterServer().otherwise(FakeModels.dispatch()).models("""
                {"data": [
                  {"id": "slow-a", "context_length": 8192, "pricing": {"prompt": "0.000001", "completion": "0.000002"}},
                  {"id": "slow-b", "context_length": 8192, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}
                ]}""");
    }

    @AfterEach
    void tearDown() throws Exception {
        apps.forEach(AppProcess::close);
        provider.close();
        postgres.close();
    }

    @Test
    void three_instances_share_runs_and_segments_and_two_finish_the_work_of_one_killed_mid_run() throws Exception {
        // one after another, so the first has migrated the database before the others look at it
        AppProcess a = start("a").awaitReady(TOKEN);
        AppProcess b = start("b").awaitReady(TOKEN);
        AppProcess c = start("c").awaitReady(TOKEN);
        String admin = a.send("GET", "/api/me", TOKEN, null).body().get("id").asText();
        awaitPriced(a);
        assertThat(a.send("POST", "/api/admin/credits/grants", TOKEN, """
                {"accountId": "acct_%s", "credits": 20000, "reason": "three instances test"}""".formatted(admin))
                        .status())
                .isEqualTo(201);
        String benchmark = createBenchmark(a);

        // a run asked of each instance starts there, under that instance's lease
        Map<AppProcess, String> runs = new HashMap<>();
        for (AppProcess app : List.of(a, b, c)) {
            AppProcess.Answer started = app.send("POST", "/api/runs", TOKEN, """
                    {"benchmarkId": "%s", "models": ["fake/slow-a", "fake/slow-b"], "billing": "CREDITS"}""".formatted(benchmark));
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            runs.put(app, started.body().get("id").asText());
        }
        await(
                () -> List.of(a, b, c).stream().allMatch(app -> holds(leaseHolders(), app)),
                "each instance holds the lease of the run it was asked for",
                Duration.ofMinutes(1));
        assertThat(leaseHolders()).hasSize(3);
        // the projections' segments are spread: the first two instances hold some each, none more than two of one
        // processor (the third takes over when one dies)
        assertThat(holds(segmentOwners(), a)).as("a holds projection segments").isTrue();
        assertThat(holds(segmentOwners(), b)).as("b holds projection segments").isTrue();
        assertThat(maxSegmentsOfOneProcessorPerOwner()).isLessThanOrEqualTo(2);

        int trials = CASES * MODELS.size();
        String killedRun = runs.get(a);
        await(
                () -> settlesPerTrial(killedRun).size() >= 6,
                "some trials of a's run are recorded",
                Duration.ofMinutes(2));
        a.kill();
        assertThat(settlesPerTrial(killedRun).size())
                .as("killed in the middle of its run")
                .isBetween(1, trials - 1);

        for (String runId : runs.values())
            await(
                    () -> "COMPLETED".equals(run(b, runId).path("status").asText()),
                    "run " + runId + " completes on the instances left",
                    Duration.ofMinutes(3));

        // the dead instance's run and segments went to the two left, and the third now works on projections too
        await(
                () -> !holds(segmentOwners(), a) && holds(segmentOwners(), c) && unclaimedSegments() == 0,
                "b and c hold every segment",
                Duration.ofMinutes(1));
        assertThat(holds(leaseHolders(), a)).isFalse();

        long grantedCreditsLeft = 20000;
        for (String runId : runs.values()) {
            Map<String, Long> settles = settlesPerTrial(runId);
            assertThat(settles).as("trials of " + runId).hasSize(trials);
            assertThat(settles.values())
                    .as("each trial of " + runId + " settled by one event")
                    .containsOnly(1L);
            JsonNode view = run(c, runId);
            assertThat(view.path("progress").path("done").asLong()).isEqualTo(trials);
            long costMicros = 0;
            for (JsonNode model : view.path("models"))
                costMicros += model.path("costMicros").asLong()
                        + model.path("judgeCostMicros").asLong();
            assertThat(costMicros).as("$0.0001 per answer").isEqualTo(trials * 100L);
            List<JsonNode> charges = awaitCharges(c, runId);
            assertThat(charges).as("one charge for " + runId).hasSize(1);
            assertThat(charges.getFirst().path("apiCostMicros").asLong()).isEqualTo(costMicros);
            grantedCreditsLeft += charges.getFirst().path("balanceChange").asLong();
        }
        assertThat(grantedCreditsLeft).isLessThan(20000);
        JsonNode balance = b.send("GET", "/api/credits/balance", TOKEN, null).body();
        assertThat(balance.path("balance").asLong()).isEqualTo(grantedCreditsLeft);
        assertThat(balance.path("reserved").asLong())
                .as("every reservation was released")
                .isZero();
        // the event store has no gap a projection skipped: the hash chain links every stored event once
        await(
                () -> b.send("GET", "/api/audit/verify", TOKEN, null)
                                .body()
                                .path("unchained")
                                .asLong()
                        == 0,
                "the hash chain reaches the head",
                Duration.ofMinutes(1));
        JsonNode verified = b.send("GET", "/api/audit/verify", TOKEN, null).body();
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    private AppProcess start(String name) throws Exception {
        AppProcess app = AppProcess.start(
                jar,
                logs.resolve("three-instances-" + name + ".log"),
                List.of(
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        "--benchmarkhub.data-dir=" + Files.createTempDirectory("benchmarkhub-three-" + name + "-"),
                        "--benchmarkhub.bootstrap-admin-token=" + TOKEN,
                        "--benchmarkhub.providers.openai-compatible.fake.base-url=" + provider.baseUrl(),
                        "--benchmarkhub.providers.openai-compatible.fake.max-concurrency=2",
                        "--benchmarkhub.limits.concurrent-runs=10",
                        "--benchmarkhub.runs.scan-interval=500ms",
                        "--benchmarkhub.runs.lease-timeout=5s",
                        "--benchmarkhub.projections.max-claimed-segments=2",
                        "--spring.application.name=three-instances-" + name));
        apps.add(app);
        return app;
    }

    /** The nodes holding a lease not expired, one entry per run. */
    private List<String> leaseHolders() {
        return db.queryForList("SELECT node_id FROM run_lease WHERE expires_at > now()", String.class);
    }

    /** Whether one of these holders is {@code app}: leases and segments name their node {@code …pid@host…}. */
    private static boolean holds(java.util.Collection<String> holders, AppProcess app) {
        String process = app.pid() + "@";
        return holders.stream().anyMatch(h -> h.startsWith(process) || h.startsWith("node-" + process));
    }

    private Set<String> segmentOwners() {
        return new HashSet<>(
                db.queryForList("SELECT DISTINCT owner FROM token_entry WHERE owner IS NOT NULL", String.class));
    }

    private long maxSegmentsOfOneProcessorPerOwner() {
        Long n = db.queryForObject("""
                SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM token_entry WHERE owner IS NOT NULL
                                                  GROUP BY processor_name, owner) x""", Long.class);
        return n == null ? 0 : n;
    }

    private long unclaimedSegments() {
        Long n = db.queryForObject("SELECT count(*) FROM token_entry WHERE owner IS NULL", Long.class);
        return n == null ? 0 : n;
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
                {"title": "Three instances", "visibility": "PRIVATE", "cases": [%s], "graders": [{"type": "contains"}]}""".formatted(String.join(",", cases)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private static JsonNode run(AppProcess app, String runId) throws Exception {
        AppProcess.Answer answer = app.send("GET", "/api/runs/" + runId, TOKEN, null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.body();
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
                "run " + runId + " is charged and its reservation released",
                Duration.ofMinutes(1));
        return List.copyOf(charges);
    }

    /** Per trial of the run, how many events settled it (an answer or a failed call), straight from the event store. */
    private Map<String, Long> settlesPerTrial(String runId) {
        var settles = new HashMap<String, Long>();
        db.query(
                """
                SELECT p->>'caseId' || '|' || (p->>'model') || '|' || (p->>'repeat'), count(*)
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
                      WHERE aggregate_identifier = ? AND payload_type IN (%s)) e
                GROUP BY 1""".formatted(SETTLED),
                rs -> {
                    settles.put(rs.getString(1), rs.getLong(2));
                },
                runId);
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

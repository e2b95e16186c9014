package io.benchmarkhub.api.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.BenchmarkHubApplication;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The golden library over the real app: two instances starting at once on an empty database load every golden
 * benchmark exactly once, as public, verified benchmarks of the system account that the library lists and that
 * runs on simulated models; a later start loads nothing.
 */
class GoldenLibraryLoaderTest extends ApiTestBase {

    @Autowired
    DataSource dataSource;

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void two_instances_on_an_empty_database_load_the_library_once_and_a_restart_loads_nothing() throws Exception {
        List<GoldenBenchmark> golden = GoldenLibraryFiles.all();
        assertThat(golden).isNotEmpty();
        String url = emptyDatabase();
        JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(url, "postgres", "", true));

        try (var pool = Executors.newFixedThreadPool(2)) {
            Future<ConfigurableApplicationContext> a = pool.submit(() -> start(url, "golden-a"));
            Future<ConfigurableApplicationContext> b = pool.submit(() -> start(url, "golden-b"));
            started.add(a.get());
            started.add(b.get());
        }

        // exactly one creation, one declaration and one approval per golden benchmark, whoever got the lock first
        for (String type : List.of("BenchmarkCreated", "VerificationRequested", "BenchmarkVerified")) {
            List<Map<String, Object>> counts = db.queryForList(
                    "SELECT aggregate_identifier, count(*) AS n FROM domain_event_entry "
                            + "WHERE payload_type LIKE ? GROUP BY aggregate_identifier",
                    "%." + type);
            assertThat(counts).as(type).hasSize(golden.size());
            assertThat(counts)
                    .as(type)
                    .allSatisfy(row ->
                            assertThat(((Number) row.get("n")).longValue()).isEqualTo(1));
        }
        assertThat(db.queryForList(
                        "SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE payload_type LIKE '%.BenchmarkCreated'",
                        String.class))
                .containsExactlyInAnyOrderElementsOf(
                        golden.stream().map(g -> g.benchmarkId().value()).toList());
        // ordinary events of the system account, which nobody can sign in as
        assertThat(db.queryForList(
                        "SELECT DISTINCT meta_data FROM domain_event_entry WHERE aggregate_identifier LIKE 'bm_golden_%'",
                        byte[].class))
                .allSatisfy(meta -> assertThat(new String(meta)).contains(GoldenLibraryLoader.SYSTEM_USER_ID));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM api_token WHERE user_id = ?",
                        Long.class,
                        GoldenLibraryLoader.SYSTEM_USER_ID))
                .isZero();
        long events = db.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);

        // the library lists them, public and verified, to anonymous readers too
        int first = portOf(started.get(0));
        within(
                Duration.ofMinutes(1),
                () -> library(first, "/api/library?verified=true&size=100")
                                .path("total")
                                .asLong()
                        == golden.size(),
                "the library lists the golden set");
        JsonNode items = library(first, "/api/library?verified=true&size=100").path("items");
        for (JsonNode item : items) {
            assertThat(item.path("verified").asBoolean()).isTrue();
            assertThat(item.path("visibility").asText()).isEqualTo("PUBLIC");
            assertThat(item.path("ownerId").asText()).isEqualTo(GoldenLibraryLoader.SYSTEM_USER_ID);
            assertThat(item.path("caseCount").asInt()).isGreaterThanOrEqualTo(GoldenLibraryContentTest.MIN_CASES);
        }
        GoldenBenchmark triage = golden.getFirst();
        JsonNode detail =
                library(first, "/api/benchmarks/" + triage.benchmarkId().value());
        assertThat(detail.path("title").asText()).isEqualTo(triage.title());
        assertThat(detail.path("verification").path("licence").asText()).isEqualTo("CC-BY-4.0");
        assertThat(detail.path("verification").path("sourceUrl").asText())
                .endsWith("/golden/benchmarks/" + triage.file());

        // every golden benchmark runs at once on simulated models, with nothing to configure
        int port0 = port;
        port = first;
        try {
            Caller carol = createUser("carol");
            var runs = new ArrayList<String>();
            for (GoldenBenchmark benchmark : golden) {
                Response run = send("POST", "/api/runs", carol, """
                        {"benchmarkId": "%s", "models": ["sim/echo", "sim/upper"], "billing": "BYOK"}""".formatted(
                                benchmark.benchmarkId().value()));
                assertThat(run.status())
                        .as(benchmark.file() + ": " + run.text())
                        .isEqualTo(202);
                runs.add(run.body().get("id").asText());
            }
            within(
                    Duration.ofMinutes(3),
                    () -> runs.stream()
                            .allMatch(id -> get("/api/runs/" + id, carol)
                                    .body()
                                    .path("status")
                                    .asText()
                                    .equals("COMPLETED")),
                    "every run completes");
            for (String id : runs)
                assertThat(get("/api/runs/" + id, carol).body().path("models")).hasSize(2);
        } finally {
            port = port0;
        }
        long afterRun = db.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE 'bm_golden_%'", Long.class);

        // a restart (and any later loading) appends nothing
        started.forEach(ConfigurableApplicationContext::close);
        started.clear();
        started.add(start(url, "golden-c"));
        assertThat(started.get(0).getBean(GoldenLibraryLoader.class).load(golden))
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE 'bm_golden_%'",
                        Long.class))
                .isEqualTo(afterRun);
        assertThat(db.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class))
                .isGreaterThan(events);
    }

    @Test
    void a_load_interrupted_after_the_creation_finishes_the_verification_and_nothing_else() throws Exception {
        String url = emptyDatabase();
        JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(url, "postgres", "", true));
        started.add(startDisabled(url));
        GoldenLibraryLoader loader = started.get(0).getBean(GoldenLibraryLoader.class);
        GoldenBenchmark one = GoldenLibraryFiles.all().getFirst();

        // as if the process died right after the creation: only the benchmark is there
        var slugged = new GoldenBenchmark(
                one.file(),
                one.format(),
                one.slug() + "-interrupted",
                one.title(),
                one.description(),
                one.category(),
                one.tags(),
                one.licence(),
                one.promptTemplate(),
                one.graders(),
                one.decisionCriteria(),
                one.cases());
        assertThat(loader.load(List.of(slugged))).isEqualTo(3);
        String id = slugged.benchmarkId().value();
        assertThat(db.queryForList(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                        String.class,
                        id))
                .extracting(t -> t.substring(t.lastIndexOf('.') + 1))
                .containsExactly("BenchmarkCreated", "VerificationRequested", "BenchmarkVerified");
        assertThat(loader.load(List.of(slugged))).isZero();

        // the owner-side steps are taken only when missing: a revoked badge stays revoked
        Response revoked = sendTo(
                portOf(started.get(0)),
                "POST",
                "/api/admin/benchmarks/" + id + "/verification/revoke",
                ADMIN_TOKEN,
                "{\"reason\": \"licence under review\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(loader.load(List.of(slugged))).isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                .isEqualTo(4);
    }

    private static void within(Duration limit, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(200);
        }
    }

    private Response sendTo(int target, String method, String path, String token, String body) {
        int own = port;
        port = target;
        try {
            return send(method, path, token, body);
        } finally {
            port = own;
        }
    }

    private JsonNode library(int target, String path) {
        return sendTo(target, "GET", path, null, null).body();
    }

    /** A new, empty database in the tests' embedded PostgreSQL; the apps started on it migrate it. */
    private String emptyDatabase() {
        String name = "golden_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.execute("CREATE DATABASE " + name);
        String url = ((HikariDataSource) dataSource).getJdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
    }

    private ConfigurableApplicationContext start(String url, String name) throws Exception {
        return new SpringApplicationBuilder(BenchmarkHubApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--benchmarkhub.data-dir=" + Files.createTempDirectory("benchmarkhub-" + name + "-"),
                        "--benchmarkhub.bootstrap-admin-token=" + ADMIN_TOKEN,
                        "--benchmarkhub.golden-library.enabled=true",
                        "--benchmarkhub.limits.concurrent-runs=100", // the test runs every golden benchmark at once
                        "--logging.config=classpath:logback-concurrent-starts.xml", // two instances start at once
                        "--spring.application.name=" + name,
                        "--benchmarkhub.quartz-scheduler-name=" + name + "-" + UUID.randomUUID());
    }

    private ConfigurableApplicationContext startDisabled(String url) throws Exception {
        return new SpringApplicationBuilder(BenchmarkHubApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--benchmarkhub.data-dir=" + Files.createTempDirectory("benchmarkhub-golden-off-"),
                        "--benchmarkhub.bootstrap-admin-token=" + ADMIN_TOKEN,
                        "--benchmarkhub.golden-library.enabled=false",
                        "--benchmarkhub.quartz-scheduler-name=golden-off-" + UUID.randomUUID());
    }

    private static int portOf(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}

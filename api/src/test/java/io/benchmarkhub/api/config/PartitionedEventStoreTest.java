package io.benchmarkhub.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.BenchmarkHubApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event store range-partitioned by position (ADR 0040), with partitions of 40 positions so that one benchmark's
 * events span several of them and the default partition: appends (and the optimistic lock across partitions),
 * aggregate loads from the store, the projections, the audit stream and {@code ?asOf=} behave as on one table. The app
 * runs on a database of its own, so the size of the partitions is this test's.
 */
class PartitionedEventStoreTest extends ApiTestBase {

    private static final int SIZE = 40;

    @Autowired
    DataSource sharedDataSource;

    private ConfigurableApplicationContext node;
    private JdbcTemplate store;
    private int nodePort;

    @BeforeEach
    void startNodeOnItsOwnDatabase() throws Exception {
        String name =
                "partitioned_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.execute("CREATE DATABASE " + name);
        String url = ((HikariDataSource) sharedDataSource).getJdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        String own = url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
        node = new SpringApplicationBuilder(BenchmarkHubApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + own,
                        "--spring.datasource.username=postgres",
                        "--benchmarkhub.data-dir=" + Files.createTempDirectory("benchmarkhub-partitioned-"),
                        "--benchmarkhub.bootstrap-admin-token=" + ADMIN_TOKEN,
                        "--benchmarkhub.golden-library.enabled=false",
                        "--benchmarkhub.event-store.partition-size=" + SIZE,
                        "--benchmarkhub.event-store.partitions-ahead=2",
                        // the test extends the partitions itself, so it knows when they are missing
                        "--benchmarkhub.event-store.partition-check=1h",
                        "--benchmarkhub.quartz-scheduler-name=partitioned-" + UUID.randomUUID());
        nodePort = ((WebServerApplicationContext) node).getWebServer().getPort();
        store = new JdbcTemplate(node.getBean(DataSource.class));
    }

    @AfterEach
    void stopNode() {
        if (node != null) node.close();
        node = null;
    }

    private Response on(String method, String path, String token, String body, String... headers) {
        int shared = port;
        port = nodePort;
        try {
            return send(method, path, token, body, headers);
        } finally {
            port = shared;
        }
    }

    private String userToken() {
        Response created = on(
                "POST",
                "/api/users",
                ADMIN_TOKEN,
                "{\"handle\":\"part-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"USER\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("token").asText();
    }

    private static String cases(int from, int count) {
        List<String> items = new ArrayList<>();
        for (int i = from; i < from + count; i++)
            items.add("{\"input\": \"q" + i + "\", \"expected\": \"a" + i + "\"}");
        return "[" + String.join(",", items) + "]";
    }

    private long partitionsHolding(String aggregateId) {
        Long n = store.queryForObject(
                "SELECT count(DISTINCT tableoid) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class,
                aggregateId);
        return n == null ? 0 : n;
    }

    private long inDefault(String aggregateId) {
        Long n = store.queryForObject(
                "SELECT count(*) FROM domain_event_entry_default WHERE aggregate_identifier = ?",
                Long.class,
                aggregateId);
        return n == null ? 0 : n;
    }

    private long events(String aggregateId) {
        Long n = store.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, aggregateId);
        return n == null ? 0 : n;
    }

    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }

    @Test
    void appends_loads_projections_audit_and_as_of_work_across_partitions_and_the_default_one() throws Exception {
        EventPartitions partitions = node.getBean(EventPartitions.class);
        String alice = userToken();
        Response created = on("POST", "/api/benchmarks", alice, """
                {"title": "Spread", "description": "over partitions", "tags": ["p"], "category": "qa",
                 "visibility": "PRIVATE", "promptTemplate": "{{input}}", "cases": [{"input": "q0", "expected": "a0"}],
                 "graders": [{"type": "exact"}]}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asText();

        // versions and case counts at instants between the commands, for ?asOf= afterwards
        Map<Instant, long[]> history = new LinkedHashMap<>();
        long cases = 1;
        long version = 1;
        history.put(pause(), new long[] {version, cases});
        for (int round = 0; round < 8; round++) {
            Response added = on("POST", "/api/benchmarks/" + id + "/cases", alice, cases((int) cases, 10));
            assertThat(added.status()).as(added.text()).isEqualTo(200);
            cases += 10;
            version = added.body().get("version").asLong();
            history.put(pause(), new long[] {version, cases});
            partitions.ensure();
        }
        assertThat(partitionsHolding(id)).isGreaterThanOrEqualTo(3);
        assertThat(inDefault(id)).isZero();

        // no partition made ahead meanwhile: appends beyond the last range go to the default partition, not fail
        for (int round = 0; round < 5; round++) {
            Response added = on("POST", "/api/benchmarks/" + id + "/cases", alice, cases((int) cases, 30));
            assertThat(added.status()).as(added.text()).isEqualTo(200);
            cases += 30;
            version = added.body().get("version").asLong();
            history.put(pause(), new long[] {version, cases});
        }
        assertThat(inDefault(id)).isPositive();
        // the next range starts above what the default partition kept; new appends land there
        assertThat(partitions.ensure()).isPositive();
        long strayed = inDefault(id);
        Response more = on("POST", "/api/benchmarks/" + id + "/cases", alice, cases((int) cases, 5));
        assertThat(more.status()).as(more.text()).isEqualTo(200);
        cases += 5;
        version = more.body().get("version").asLong();
        history.put(pause(), new long[] {version, cases});
        assertThat(inDefault(id)).isEqualTo(strayed);
        long total = events(id);
        assertThat(total).isEqualTo(cases);

        // the optimistic lock holds across partitions: a taken number (its event in the first partition) and a number
        // that skips ahead are refused as duplicates (23505), and nothing is stored
        Map<String, Object> first = store.queryForMap(
                "SELECT * FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0", id);
        for (long sequence : new long[] {0, total - 1, total + 3}) {
            assertThatThrownBy(() -> store.update(
                            """
                            INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                            time_stamp, payload_type, payload_revision, payload, meta_data)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                            UUID.randomUUID().toString(),
                            id,
                            sequence,
                            first.get("type"),
                            Instant.now().toString(),
                            first.get("payload_type"),
                            first.get("payload_revision"),
                            first.get("payload"),
                            first.get("meta_data")))
                    .as("sequence " + sequence)
                    .isInstanceOf(DataIntegrityViolationException.class)
                    .hasMessageContaining("is taken");
        }
        assertThat(events(id)).isEqualTo(total);

        // the aggregate loads from the store (cache emptied): every event, in order, so it knows its version
        node.getBean("benchmarkCache", Cache.class).removeAll();
        List<Long> sequences = new ArrayList<>();
        node.getBean(EventStore.class)
                .readEvents(id)
                .asStream()
                .map(DomainEventMessage::getSequenceNumber)
                .forEach(sequences::add);
        assertThat(sequences).hasSize((int) total);
        for (int i = 0; i < sequences.size(); i++) assertThat(sequences.get(i)).isEqualTo(i);
        Response stale = on(
                "PATCH",
                "/api/benchmarks/" + id,
                alice,
                "{\"title\": \"Stale\"}",
                "If-Match",
                "\"" + (version - 1) + "\"");
        assertThat(stale.status()).as(stale.text()).isEqualTo(412);
        Response renamed = on(
                "PATCH", "/api/benchmarks/" + id, alice, "{\"title\": \"Renamed\"}", "If-Match", "\"" + version + "\"");
        assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
        assertThat(renamed.body().get("version").asLong()).isEqualTo(version + 1);
        total++;

        // the projections read every partition: the detail read model has every case and the new title
        JsonNode detail = on("GET", "/api/benchmarks/" + id, alice, null).body();
        assertThat(detail.get("title").asText()).isEqualTo("Renamed");
        assertThat(detail.get("caseCount").asLong()).isEqualTo(cases);

        // the audit stream pages through all of them in global order, across the partitions and the default one
        List<Long> audited = new ArrayList<>();
        long previous = -1;
        String after = "";
        while (true) {
            JsonNode page = on("GET", "/api/audit/events?aggregateId=" + id + "&limit=17" + after, ADMIN_TOKEN, null)
                    .body();
            if (page.get("items").isEmpty()) break;
            for (JsonNode item : page.get("items")) {
                assertThat(item.get("position").asLong()).isGreaterThan(previous);
                previous = item.get("position").asLong();
                audited.add(item.get("sequence").asLong());
            }
            after = "&after=" + page.get("nextAfter").asText();
        }
        assertThat(audited).hasSize((int) total);
        for (int i = 0; i < audited.size(); i++) assertThat(audited.get(i)).isEqualTo(i);

        // ?asOf= rebuilds each past state from events in whichever partition they are
        for (Map.Entry<Instant, long[]> at : history.entrySet()) {
            JsonNode then = on("GET", "/api/benchmarks/" + id + "?asOf=" + at.getKey(), alice, null)
                    .body();
            assertThat(then.get("version").asLong())
                    .as("version at " + at.getKey())
                    .isEqualTo(at.getValue()[0]);
            assertThat(then.get("caseCount").asLong())
                    .as("cases at " + at.getKey())
                    .isEqualTo(at.getValue()[1]);
        }

        // the hash chain links every event once, whichever partition holds it
        long deadline = System.nanoTime() + 15_000_000_000L;
        JsonNode verified;
        do {
            Thread.sleep(100);
            verified = on("GET", "/api/audit/verify", ADMIN_TOKEN, null).body();
        } while (verified.get("unchained").asLong() > 0 && System.nanoTime() < deadline);
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("unchained").asLong()).as(verified.toString()).isZero();
        assertThat(new String((byte[]) first.get("payload"), StandardCharsets.UTF_8))
                .contains(id);
    }
}

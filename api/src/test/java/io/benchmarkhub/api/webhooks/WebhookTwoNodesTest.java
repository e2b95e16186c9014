package io.benchmarkhub.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import io.benchmarkhub.api.ExtraNodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/** Two application instances on one PostgreSQL write and send each delivery once. */
class WebhookTwoNodesTest extends ApiTestBase {

    private static final WebhookReceiver RECEIVER = new WebhookReceiver("127.0.0.1");
    private static final ExtraNodes NODES = new ExtraNodes();
    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    DataSource dataSource;

    @Autowired
    WebhookOutbox outbox;

    @BeforeEach
    void startSecondInstance() {
        if (second != null) return;
        second = NODES.start(
                dataSource,
                ADMIN_TOKEN,
                List.of(
                        "--benchmarkhub.webhooks.allowed-networks=127.0.0.1/32",
                        "--benchmarkhub.webhooks.poll-interval=50ms",
                        "--benchmarkhub.webhooks.retry-base=100ms",
                        "--benchmarkhub.webhooks.retry-cap=400ms"));
        secondPort = ExtraNodes.port(second);
    }

    @AfterAll
    static void stop() {
        NODES.close();
        second = null;
        RECEIVER.close();
    }

    private Response onSecond(String method, String path, Caller caller, String body) {
        int first = port;
        port = secondPort;
        try {
            return send(method, path, caller, body);
        } finally {
            port = first;
        }
    }

    @Test
    void runs_started_on_both_nodes_are_each_delivered_once_with_one_attempt() {
        RECEIVER.answer("/both", 500);
        String benchmark = createBenchmark(alice, "Two nodes", "PRIVATE");
        Response created = onSecond("POST", "/api/webhooks", alice, """
                {"url": "%s", "events": ["run.completed"]}""".formatted(RECEIVER.url("/both")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asText();

        var runs = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            String body = "{\"benchmarkId\": \"" + benchmark + "\", \"models\": [\"sim/echo\"]}";
            Response started =
                    i % 2 == 0 ? send("POST", "/api/runs", alice, body) : onSecond("POST", "/api/runs", alice, body);
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            runs.add(started.body().get("id").asText());
        }

        eventually(
                () -> {
                    JsonNode items = get("/api/webhooks/" + id + "/deliveries", alice)
                            .body()
                            .get("items");
                    int delivered = 0;
                    for (JsonNode item : items) if (item.get("status").asText().equals("DELIVERED")) delivered++;
                    return delivered == runs.size();
                },
                "every run's delivery succeeds");
        JsonNode items =
                get("/api/webhooks/" + id + "/deliveries", alice).body().get("items");
        assertThat(items).hasSize(runs.size());
        var received = RECEIVER.on("/both");
        // one failure (the first request) and then one request per event: nothing sent twice by the two senders
        assertThat(received).hasSize(runs.size() + 1);
        assertThat(received.stream()
                        .filter(r -> r.answered() == 200)
                        .map(WebhookReceiver.ReceivedRequest::webhookId)
                        .distinct())
                .hasSize(runs.size());
        for (String run : runs) {
            assertThat(received.stream()
                            .filter(r -> r.answered() == 200 && r.body().contains(run)))
                    .as(run)
                    .hasSize(1);
        }
    }

    @Test
    void one_notification_written_by_both_nodes_at_once_is_one_delivery() throws Exception {
        String id = onSecond("POST", "/api/webhooks", alice, """
                {"url": "%s", "events": ["schedule.budget_reached"]}""".formatted(RECEIVER.url("/raced")))
                .body()
                .get("id")
                .asText();
        var notification = new Notification(
                "evt_" + UUID.randomUUID(),
                NotificationType.SCHEDULE_BUDGET_REACHED,
                alice.id(),
                Set.of("bm_x"),
                Instant.now(),
                Map.of("scheduleId", "sch_x"),
                "raced");
        WebhookOutbox secondOutbox = second.getBean(WebhookOutbox.class);
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WebhookOutbox writer = i % 2 == 0 ? outbox : secondOutbox;
                writes.add(pool.submit(() -> {
                    start.await();
                    return writer.enqueue(notification);
                }));
            }
            start.countDown();
            int made = 0;
            for (var write : writes) made += write.get();
            assertThat(made).isEqualTo(1);
        }
        eventually(() -> RECEIVER.on("/raced").size() == 1, "the notification arrives");
        assertThat(get("/api/webhooks/" + id + "/deliveries", alice).body().get("items"))
                .hasSize(1);
    }
}

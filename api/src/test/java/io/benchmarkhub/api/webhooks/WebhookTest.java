package io.benchmarkhub.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchmarkhub.api.ApiTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Outgoing webhooks against a real local receiver (docs/webhooks.md). */
class WebhookTest extends ApiTestBase {

    private static final WebhookReceiver RECEIVER = new WebhookReceiver("127.0.0.1");
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private Response register(Caller caller, String url, String events, String benchmarkId) {
        return send("POST", "/api/webhooks", caller, """
                {"url": "%s", "events": %s%s}""".formatted(
                        url, events, benchmarkId == null ? "" : ", \"benchmarkId\": \"" + benchmarkId + "\""));
    }

    private String completedRun(Caller caller, String benchmark) {
        Response started = send(
                "POST", "/api/runs", caller, "{\"benchmarkId\": \"" + benchmark + "\", \"models\": [\"sim/echo\"]}");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();
        eventually(
                () -> eventCount(runId) > 0
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                                                + "AND payload_type LIKE '%RunCompleted'",
                                        Long.class, runId)
                                == 1,
                "the run completes");
        return runId;
    }

    private JsonNode deliveries(Caller caller, String webhookId) {
        Response log = get("/api/webhooks/" + webhookId + "/deliveries", caller);
        assertThat(log.status()).as(log.text()).isEqualTo(200);
        return log.body().get("items");
    }

    @Test
    void a_receiver_that_fails_twice_gets_the_run_event_once_on_the_third_attempt_signed_with_the_secret()
            throws Exception {
        RECEIVER.answer("/flaky", 500, 503);
        String benchmark = createBenchmark(alice, "Notified", "PRIVATE");
        Response created = register(alice, RECEIVER.url("/flaky"), "[\"run.completed\", \"run.failed\"]", null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String webhookId = created.body().get("id").asText();
        String secret = created.body().get("secret").asText();
        assertThat(secret).startsWith("whsec_");

        String runId = completedRun(alice, benchmark);

        eventually(
                () -> {
                    JsonNode items = deliveries(alice, webhookId);
                    return items.size() == 1
                            && items.get(0).get("status").asText().equals("DELIVERED");
                },
                "the delivery succeeds");
        JsonNode delivery = deliveries(alice, webhookId).get(0);
        assertThat(delivery.get("eventType").asText()).isEqualTo("run.completed");
        assertThat(delivery.get("attempts")).hasSize(3);
        List<Integer> statuses = new ArrayList<>();
        delivery.get("attempts").forEach(a -> statuses.add(a.get("httpStatus").asInt()));
        assertThat(statuses).containsExactly(500, 503, 200);
        assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();

        List<WebhookReceiver.ReceivedRequest> got = RECEIVER.on("/flaky");
        assertThat(got).hasSize(3);
        for (var request : got) {
            var m = SIGNATURE.matcher(request.signature());
            assertThat(m.matches()).as(request.signature()).isTrue();
            assertThat(m.group(2)).isEqualTo(WebhookSignature.hmac(secret, m.group(1) + "." + request.body()));
            assertThat(m.group(2))
                    .isNotEqualTo(WebhookSignature.hmac("whsec_wrong", m.group(1) + "." + request.body()));
        }
        // the same event each time: accepted once, by its id
        var accepted = got.stream().filter(r -> r.answered() == 200).toList();
        assertThat(accepted).hasSize(1);
        JsonNode body = mapper.readTree(accepted.getFirst().body());
        assertThat(got.stream().map(r -> readId(r.body())).distinct().toList())
                .containsExactly(body.get("id").asText());
        assertThat(body.get("id").asText())
                .isEqualTo(delivery.get("eventId").asText())
                .startsWith("evt_");
        assertThat(body.get("type").asText()).isEqualTo("run.completed");
        assertThat(body.get("data").get("runId").asText()).isEqualTo(runId);
        assertThat(body.get("data").get("benchmarkId").asText()).isEqualTo(benchmark);
        assertThat(body.get("data").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(accepted.getFirst().webhookId()).isEqualTo(body.get("id").asText());
    }

    private String readId(String body) {
        try {
            return mapper.readTree(body).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_webhook_for_one_benchmark_gets_only_that_benchmarks_runs_and_none_of_another_users() {
        String mine = createBenchmark(alice, "Watched", "PUBLIC");
        String other = createBenchmark(alice, "Not watched", "PRIVATE");
        Response created = register(alice, RECEIVER.url("/one-benchmark"), "[\"run.completed\"]", mine);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String webhookId = created.body().get("id").asText();
        // webhooks for everything, to know when the policy has handled every run below
        String alicesAll = register(alice, RECEIVER.url("/alice-all"), "[\"run.completed\"]", null)
                .body()
                .get("id")
                .asText();
        String bobsAll = register(bob, RECEIVER.url("/bob-all"), "[\"run.completed\"]", null)
                .body()
                .get("id")
                .asText();

        String otherRun = completedRun(alice, other);
        String bobsRun = completedRun(bob, mine);
        String watchedRun = completedRun(alice, mine);

        eventually(
                () -> deliveries(alice, alicesAll).size() == 2
                        && deliveries(bob, bobsAll).size() == 1,
                "every run end is handled");
        eventually(
                () -> RECEIVER.on("/one-benchmark").size() == 1
                        && deliveries(alice, webhookId)
                                .get(0)
                                .get("status")
                                .asText()
                                .equals("DELIVERED"),
                "the watched run is delivered");
        String body = RECEIVER.on("/one-benchmark").getFirst().body();
        assertThat(body).contains(watchedRun).doesNotContain(otherRun).doesNotContain(bobsRun);
        assertThat(deliveries(alice, webhookId)).hasSize(1);
        eventually(() -> RECEIVER.on("/bob-all").size() == 1, "bob's run reaches bob");
        assertThat(RECEIVER.on("/bob-all").getFirst().body()).contains(bobsRun);
        assertThat(RECEIVER.on("/alice-all").stream().map(WebhookReceiver.ReceivedRequest::body))
                .noneMatch(b -> b.contains(bobsRun));
    }

    @Test
    void registration_and_deletion_are_events_with_ids_only_and_the_list_shows_no_secret() {
        Response created =
                register(alice, RECEIVER.url("/private/path?token=abc"), "[\"contamination.flagged\"]", null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asText();
        String secret = created.body().get("secret").asText();

        Response list = get("/api/webhooks", alice);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text())
                .contains(id)
                .doesNotContain(secret)
                .doesNotContain("/private/path")
                .doesNotContain("token=abc");
        assertThat(list.body().get("items").get(0).get("target").asText())
                .isEqualTo("http://127.0.0.1:" + RECEIVER.port());
        assertThat(get("/api/webhooks/" + id, alice).text()).doesNotContain(secret);

        assertThat(send("DELETE", "/api/webhooks/" + id, alice, null).status()).isEqualTo(204);
        assertThat(get("/api/webhooks/" + id, alice).status()).isEqualTo(404);
        List<String> payloads = jdbc.queryForList(
                "SELECT convert_from(payload, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "ORDER BY sequence_number",
                String.class,
                id);
        assertThat(payloads).hasSize(2);
        assertThat(payloads.get(0)).contains(alice.id()).contains("contamination.flagged");
        for (String payload : payloads)
            assertThat(payload)
                    .doesNotContain(secret)
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("private");
    }

    @Test
    void another_user_can_neither_see_nor_delete_my_webhook_nor_its_deliveries() {
        Response created = register(alice, RECEIVER.url("/alices"), "[\"run.completed\"]", null);
        String id = created.body().get("id").asText();

        assertThat(get("/api/webhooks/" + id, bob).status()).isEqualTo(404);
        assertThat(get("/api/webhooks/" + id + "/deliveries", bob).status()).isEqualTo(404);
        Response deleted = send("DELETE", "/api/webhooks/" + id, bob, null);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get("/api/webhooks", bob).body().get("items")).isEmpty();
        assertThat(get("/api/webhooks/" + id, alice).status()).isEqualTo(200);
        assertThat(get("/api/webhooks", null).status()).isEqualTo(401);
    }

    @Test
    void loopback_private_link_local_multicast_and_unspecified_addresses_are_refused_naming_the_url() {
        List<String> refused = List.of(
                "http://10.0.0.1/hook",
                "http://192.168.1.20/hook",
                "http://172.16.0.5/hook",
                "http://169.254.169.254/latest",
                "http://127.0.0.2:" + RECEIVER.port() + "/hook",
                "http://[::1]:8080/hook",
                "http://[fc00::1]/hook",
                "http://[fd12:3456::1]/hook",
                "http://[fe80::1]/hook",
                "http://224.0.0.1/hook",
                "http://0.0.0.0/hook",
                "http://[::]/hook",
                "http://[::ffff:10.0.0.1]/hook",
                "http://100.64.0.1/hook");
        for (String url : refused) {
            Response answer = register(alice, url, "[\"run.completed\"]", null);
            assertThat(answer.status()).as(url).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.body().get("errors").get(0).get("field").asText())
                    .as(url)
                    .isEqualTo("url");
            assertThat(answer.body().get("errors").get(0).get("message").asText())
                    .as(url)
                    .contains("may not reach");
        }
        for (String url :
                List.of("ftp://example.com/x", "file:///etc/passwd", "not a url", "http://user:pw@127.0.0.1/x", "")) {
            Response answer = register(alice, url, "[\"run.completed\"]", null);
            assertThat(answer.status()).as(url).isEqualTo(400);
            assertThat(answer.body().get("errors").get(0).get("field").asText())
                    .as(url)
                    .isEqualTo("url");
        }
        assertThat(get("/api/webhooks", alice).body().get("items")).isEmpty();
    }

    @Test
    void an_address_refused_at_delivery_time_is_never_connected_to() {
        // the receiver answers on every local address, so only the guard keeps a delivery to 127.0.0.2 from arriving
        try (var anywhere = new WebhookReceiver("0.0.0.0")) {
            String benchmark = createBenchmark(alice, "Rebound", "PRIVATE");
            Response created = register(alice, anywhere.url("/rebound"), "[\"run.completed\"]", null);
            String id = created.body().get("id").asText();
            // as if the host's name now resolved to another address (DNS rebinding)
            jdbc.update(
                    "UPDATE webhook SET url = ? WHERE id = ?", "http://127.0.0.2:" + anywhere.port() + "/rebound", id);

            completedRun(alice, benchmark);

            eventually(
                    () -> {
                        JsonNode items = deliveries(alice, id);
                        return items.size() == 1 && items.get(0).get("attempts").size() >= 2;
                    },
                    "two attempts are logged");
            JsonNode attempts = deliveries(alice, id).get(0).get("attempts");
            assertThat(attempts.get(0).get("error").asText()).isEqualTo("FORBIDDEN_ADDRESS");
            assertThat(attempts.get(0).get("httpStatus").isNull()).isTrue();
            assertThat(anywhere.on("/rebound")).isEmpty();
            send("DELETE", "/api/webhooks/" + id, alice, null);
        }
    }

    @Test
    void an_endpoint_failing_for_longer_than_allowed_is_disabled_as_an_event() {
        Integer[] failures = Collections.nCopies(50, 503).toArray(Integer[]::new);
        RECEIVER.answer("/down", failures);
        String benchmark = createBenchmark(alice, "Down", "PRIVATE");
        String id = register(alice, RECEIVER.url("/down"), "[\"run.completed\"]", null)
                .body()
                .get("id")
                .asText();

        completedRun(alice, benchmark);
        eventually(
                () -> jdbc.queryForObject(
                        "SELECT failing_since IS NOT NULL FROM webhook WHERE id = ?", Boolean.class, id),
                "the endpoint fails");
        // it has been failing for four days (the default allows three)
        jdbc.update("UPDATE webhook SET failing_since = now() - interval '4 days' WHERE id = ?", id);

        eventually(
                () -> get("/api/webhooks/" + id, alice)
                        .body()
                        .get("status")
                        .asText()
                        .equals("DISABLED"),
                "the webhook is disabled");
        JsonNode delivery = deliveries(alice, id).get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("FAILED");
        assertThat(delivery.get("attempts").get(0).get("httpStatus").asInt()).isEqualTo(503);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%WebhookDisabled'",
                        Long.class, id))
                .isEqualTo(1);
        int attempts = RECEIVER.on("/down").size();

        completedRun(alice, benchmark);
        assertThat(deliveries(alice, id)).hasSize(1);
        assertThat(RECEIVER.on("/down")).hasSize(attempts);
    }

    @Test
    void a_slack_webhook_gets_slacks_shape() throws Exception {
        String benchmark = createBenchmark(alice, "Slack", "PRIVATE");
        String id = register(alice, RECEIVER.url("/slack"), "[\"run.completed\"]", null)
                .body()
                .get("id")
                .asText();
        // hooks.slack.com is not reachable from a test; the row says what registering a Slack URL would have said
        jdbc.update("UPDATE webhook SET slack = true WHERE id = ?", id);

        String runId = completedRun(alice, benchmark);

        eventually(() -> RECEIVER.on("/slack").size() == 1, "the Slack message arrives");
        JsonNode body = mapper.readTree(RECEIVER.on("/slack").getFirst().body());
        assertThat(body.fieldNames()).toIterable().containsExactly("text");
        assertThat(body.get("text").asText()).contains(runId).contains("completed");
    }

    @Test
    void bad_input_is_a_problem_naming_the_field() {
        Response noBody = send("POST", "/api/webhooks", alice, null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.header("Content-Type")).startsWith("application/problem+json");

        Response unknown = register(alice, RECEIVER.url("/x"), "[\"run.exploded\"]", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errors").get(0).get("field").asText()).isEqualTo("events");

        Response none = register(alice, RECEIVER.url("/x"), "[]", null);
        assertThat(none.body().get("errors").get(0).get("field").asText()).isEqualTo("events");

        String bobsPrivate = createBenchmark(bob, "Bob's", "PRIVATE");
        Response hidden = register(alice, RECEIVER.url("/x"), "[\"run.completed\"]", bobsPrivate);
        assertThat(hidden.status()).isEqualTo(400);
        assertThat(hidden.body().get("errors").get(0).get("field").asText()).isEqualTo("benchmarkId");

        Response wrongType = send("POST", "/api/webhooks", alice, "{\"url\": 5, \"events\": \"run.completed\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.header("Content-Type")).startsWith("application/problem+json");

        String id = register(alice, RECEIVER.url("/x"), "[\"run.completed\"]", null)
                .body()
                .get("id")
                .asText();
        Response paging = get("/api/webhooks/" + id + "/deliveries?size=0", alice);
        assertThat(paging.status()).isEqualTo(400);
        assertThat(paging.body().get("errors").get(0).get("field").asText()).isEqualTo("size");
        assertThat(get("/api/webhooks", alice).body().get("items")).hasSize(1);
    }

    @Test
    void a_deleted_accounts_webhooks_are_erased() {
        String id = register(bob, RECEIVER.url("/erased"), "[\"run.completed\"]", null)
                .body()
                .get("id")
                .asText();
        String handle = get("/api/me", bob).body().get("handle").asText();
        Response deleted = send("DELETE", "/api/account", bob, "{\"handle\": \"" + handle + "\"}");
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);

        eventually(
                () -> jdbc.queryForObject("SELECT count(*) FROM webhook WHERE id = ?", Long.class, id) == 0,
                "the webhook is erased");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%WebhookDeleted'",
                        Long.class, id))
                .isEqualTo(1);
    }

    @Test
    void a_timed_out_run_is_told_as_failed_and_not_as_completed() throws Exception {
        String benchmark = createBenchmark(alice, "Hangs", "PRIVATE");
        String failed = register(alice, RECEIVER.url("/failed"), "[\"run.failed\"]", null)
                .body()
                .get("id")
                .asText();
        String completed = register(alice, RECEIVER.url("/completed-only"), "[\"run.completed\"]", benchmark)
                .body()
                .get("id")
                .asText();
        // each call hangs past the request timeout: the 2 s deadline times the run out
        Response started = send("POST", "/api/runs", alice, """
                {"benchmarkId": "%s", "models": ["fake/hang"], "billing": "BYOK", "timeoutSeconds": 2}""".formatted(benchmark), "X-Provider-Key", "sk-test-byok");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String runId = started.body().get("id").asText();

        eventually(
                () -> RECEIVER.on("/failed").stream().anyMatch(r -> r.body().contains(runId)), "the failure is told");
        JsonNode body = mapper.readTree(RECEIVER.on("/failed").stream()
                .filter(r -> r.body().contains(runId))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(body.get("type").asText()).isEqualTo("run.failed");
        assertThat(body.get("data").get("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(body.get("data").get("timeoutSeconds").asLong()).isEqualTo(2);
        assertThat(deliveries(alice, failed)).hasSize(1);
        assertThat(deliveries(alice, completed)).isEmpty();
    }
}

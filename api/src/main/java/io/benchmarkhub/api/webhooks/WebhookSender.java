package io.benchmarkhub.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.domain.webhook.events.WebhookDisabled;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the webhook outbox. Each instance looks every poll interval and claims due deliveries with
 * {@code FOR UPDATE SKIP LOCKED}, moving their {@code next_attempt_at} a lease ahead and counting the attempt in the same
 * statement; it sends them outside any transaction, then records the outcome only if the delivery is still at that attempt
 * (a sender whose lease ran out does not overwrite the one that took over). So two instances never send one delivery at
 * once, and an instance that dies mid-send leaves it to be sent again after the lease: at least once, and receivers dedupe
 * by the event id in the body.
 *
 * <p>A failed attempt (no 2xx: an error status, a redirect, which is never followed, a timeout, a refused connection, an
 * address the {@link NetworkGuard} refuses) is retried after {@code retry-base}, doubling up to {@code retry-cap}, until
 * {@code max-attempts}. An endpoint that has failed every attempt for {@code disable-after} is disabled
 * ({@link WebhookDisabled}) and its pending deliveries fail. Logs name webhook, delivery and event ids and the error class,
 * never the URL or the secret.
 */
@Component
class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final WebhooksProperties properties;
    private final WebhookEventLog events;
    private final ObjectMapper mapper;
    private final CloseableHttpClient client;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-deadlines");
        t.setDaemon(true);
        return t;
    });
    private ScheduledExecutorService poller;

    public WebhookSender(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            WebhooksProperties properties,
            WebhookEventLog events,
            ObjectMapper mapper,
            NetworkGuard guard) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.events = events;
        this.mapper = mapper;
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard.resolver())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.readTimeout()))
                        .build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(5)
                .build();
        // no proxy from system properties, no redirects, no cookies, no retries of its own: each attempt is ours and is
        // logged
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(properties.readTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("BenchmarkHub-Webhooks/1")
                .build();
    }

    private record Claimed(long id, String webhookId, String eventId, int attempt) {}

    private record Target(String url, String secret, boolean slack, String ownerId) {}

    private record Outcome(Integer status, String error, long durationMs) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Claims and sends what is due now; returns how many deliveries were attempted. */
    public int sendDue() {
        List<Claimed> claimed = jdbc.query(
                """
                WITH due AS (
                    SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.webhook_id, d.event_id, d.attempts""",
                (rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)),
                properties.batchSize(),
                (double) properties.lease().toSeconds());
        if (claimed.isEmpty()) return 0;
        var futures =
                claimed.stream().map(c -> sending.submit(() -> attempt(c))).toList();
        for (var future : futures) {
            try {
                future.get();
            } catch (Exception e) {
                log.warn("Webhook delivery pass failed: {}", e.getClass().getSimpleName());
            }
        }
        return claimed.size();
    }

    private void attempt(Claimed delivery) {
        Target target = jdbc.query(
                "SELECT url, secret, slack, owner_id, disabled_at FROM webhook WHERE id = ?",
                rs -> rs.next() && rs.getTimestamp(5) == null
                        ? new Target(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4))
                        : null,
                delivery.webhookId());
        if (target == null) {
            // disabled (or deleted) since it was written: it will not be sent
            jdbc.update(
                    "UPDATE webhook_delivery SET status = 'FAILED', finished_at = now() WHERE id = ? AND status = 'PENDING'",
                    delivery.id());
            return;
        }
        Map<String, String> event = jdbc.query(
                "SELECT body, summary, type FROM webhook_event WHERE id = ?",
                rs -> rs.next()
                        ? Map.of("body", rs.getString(1), "summary", rs.getString(2), "type", rs.getString(3))
                        : null,
                delivery.eventId());
        if (event == null) return;
        String body = target.slack() ? slackBody(event.get("summary")) : event.get("body");
        Instant started = Instant.now();
        Outcome outcome = post(target, body, delivery.eventId(), event.get("type"));
        record(delivery, started, outcome);
    }

    private String slackBody(String summary) {
        try {
            return mapper.writeValueAsString(Map.of("text", summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome post(Target target, String body, String eventId, String type) {
        long start = System.nanoTime();
        var request = new HttpPost(URI.create(target.url()));
        // the whole attempt is bounded, not only each read: a receiver trickling its answer cannot outlast the lease
        var timedOut = new AtomicBoolean();
        var deadline = deadlines.schedule(
                () -> {
                    timedOut.set(true);
                    request.cancel();
                },
                properties.connectTimeout().plus(properties.readTimeout()).toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            request.setHeader("Webhook-Id", eventId);
            request.setHeader("Webhook-Event", type);
            request.setHeader(
                    WebhookSignature.HEADER,
                    WebhookSignature.header(target.secret(), Instant.now().getEpochSecond(), body));
            request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            try (ClassicHttpResponse response =
                    client.executeOpen(RoutingSupport.determineHost(request), request, null)) {
                int status = response.getCode();
                // only the status counts: the answer's body is not read, and the connection is dropped rather than
                // drained
                request.cancel();
                return new Outcome(status, null, (System.nanoTime() - start) / 1_000_000);
            }
        } catch (IOException | RuntimeException | HttpException e) {
            return new Outcome(
                    null, timedOut.get() ? "READ_TIMEOUT" : errorClass(e), (System.nanoTime() - start) / 1_000_000);
        } finally {
            deadline.cancel(false);
        }
    }

    /** The class of a failed attempt, as the delivery log shows it. */
    static String errorClass(Exception e) {
        if (e.getCause() instanceof NetworkGuard.ForbiddenAddress) return "FORBIDDEN_ADDRESS";
        return switch (e) {
            case NetworkGuard.ForbiddenAddress f -> "FORBIDDEN_ADDRESS";
            case UnknownHostException u -> "DNS";
            case ConnectTimeoutException c -> "CONNECT_TIMEOUT";
            case SocketTimeoutException s -> "READ_TIMEOUT";
            case ConnectException c -> "CONNECTION_REFUSED";
            case SSLException s -> "TLS";
            case IOException io -> "IO";
            default -> "ERROR";
        };
    }

    private void record(Claimed delivery, Instant started, Outcome outcome) {
        tx.executeWithoutResult(status -> {
            // only the sender that holds this attempt records it; the webhook's row is locked so a disabling happens
            // once
            var webhook = jdbc.query(
                    "SELECT failing_since, owner_id FROM webhook WHERE id = ? FOR UPDATE",
                    rs -> rs.next() ? new Object[] {rs.getTimestamp(1), rs.getString(2)} : null,
                    delivery.webhookId());
            if (webhook == null) return;
            int current = jdbc.update(
                    "UPDATE webhook_delivery SET next_attempt_at = next_attempt_at WHERE id = ? AND attempts = ? AND status = 'PENDING'",
                    delivery.id(),
                    delivery.attempt());
            if (current == 0) return;
            jdbc.update(
                    """
                    INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, http_status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""",
                    delivery.id(),
                    delivery.attempt(),
                    Timestamp.from(started),
                    outcome.status(),
                    outcome.error(),
                    outcome.durationMs());
            if (outcome.delivered()) {
                jdbc.update(
                        "UPDATE webhook_delivery SET status = 'DELIVERED', finished_at = now() WHERE id = ?",
                        delivery.id());
                jdbc.update("UPDATE webhook SET failing_since = NULL WHERE id = ?", delivery.webhookId());
                return;
            }
            Timestamp failingSince = (Timestamp) webhook[0];
            if (failingSince == null) {
                jdbc.update(
                        "UPDATE webhook SET failing_since = ? WHERE id = ?",
                        Timestamp.from(started),
                        delivery.webhookId());
            } else if (failingSince.toInstant().plus(properties.disableAfter()).isBefore(Instant.now())) {
                disable(delivery.webhookId(), failingSince.toInstant());
                return;
            }
            if (delivery.attempt() >= properties.maxAttempts()) {
                jdbc.update(
                        "UPDATE webhook_delivery SET status = 'FAILED', finished_at = now() WHERE id = ?",
                        delivery.id());
            } else {
                jdbc.update(
                        "UPDATE webhook_delivery SET next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                        properties.retryDelay(delivery.attempt()).toMillis() / 1000.0,
                        delivery.id());
            }
            log.info(
                    "Webhook {} delivery {} (event {}) attempt {} failed: {}",
                    delivery.webhookId(),
                    delivery.id(),
                    delivery.eventId(),
                    delivery.attempt(),
                    outcome.status() != null ? "HTTP " + outcome.status() : outcome.error());
        });
    }

    /** In the caller's transaction, with the webhook's row locked. */
    private void disable(String webhookId, Instant failingSince) {
        jdbc.update("UPDATE webhook SET disabled_at = now() WHERE id = ?", webhookId);
        jdbc.update(
                "UPDATE webhook_delivery SET status = 'FAILED', finished_at = now() WHERE webhook_id = ? AND status = 'PENDING'",
                webhookId);
        events.append(new WebhookDisabled(webhookId, failingSince), "system");
        log.warn("Webhook {} disabled: its endpoint has failed every attempt since {}", webhookId, failingSince);
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-outbox");
            t.setDaemon(true);
            return t;
        });
        long every = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        while (sendDue() >= properties.batchSize()) {
                            // a full batch: more may be due
                        }
                    } catch (RuntimeException e) {
                        log.warn("Webhook outbox pass failed: {}", e.getClass().getSimpleName());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller != null) poller.shutdownNow();
        poller = null;
    }

    @PreDestroy
    void close() throws IOException {
        stop();
        sending.shutdownNow();
        deadlines.shutdownNow();
        client.close();
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}

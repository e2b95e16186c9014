package io.benchmarkhub.api.webhooks;

import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.domain.webhook.events.WebhookDeleted;
import io.benchmarkhub.domain.webhook.events.WebhookRegistered;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outgoing webhooks (issue 16, docs/webhooks.md): registering, listing and deleting them, and their delivery logs. A webhook
 * is its owner's alone. Its URL and secret stay in the {@code webhook} row; the secret is shown once, when it is made.
 */
@Service
public class Webhooks {

    public record NewWebhook(String url, List<String> events, String benchmarkId) {}

    /**
     * A webhook as its owner sees it. {@code target} is the URL's scheme, host and port only: the rest of a URL can be a
     * secret (a Slack incoming webhook's path is).
     */
    public record Webhook(
            String id,
            String target,
            List<String> events,
            String benchmarkId,
            boolean slack,
            String status,
            Instant createdAt,
            Instant failingSince,
            Instant disabledAt) {}

    /** A new webhook with its signing secret, which is never shown again. */
    public record CreatedWebhook(
            String id,
            String secret,
            String target,
            List<String> events,
            String benchmarkId,
            boolean slack,
            String status,
            Instant createdAt) {}

    /** One attempt to deliver: the receiver's HTTP status, or the class of error when it gave none. */
    public record DeliveryAttempt(int attempt, Instant at, Integer httpStatus, String error, long durationMs) {}

    /** One notification to one webhook; {@code status} PENDING, DELIVERED or FAILED (final). */
    public record WebhookDelivery(
            String eventId,
            String eventType,
            String status,
            List<DeliveryAttempt> attempts,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant finishedAt) {}

    public record WebhookDeliveryPage(List<WebhookDelivery> items, int page, int size, long total) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final WebhookEventLog events;
    private final NetworkGuard guard;

    public Webhooks(JdbcTemplate jdbc, TransactionTemplate transaction, WebhookEventLog events, NetworkGuard guard) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.guard = guard;
    }

    public CreatedWebhook register(UserId owner, NewWebhook body, Predicate<String> benchmarkVisible) {
        var problems = new ArrayList<Violation>();
        NetworkGuard.Target target = null;
        try {
            target = guard.check(body.url());
        } catch (IllegalArgumentException e) {
            problems.add(new Violation("url", e.getMessage()));
        }
        List<String> types = body.events() == null ? List.of() : body.events();
        if (types.isEmpty()) problems.add(new Violation("events", "name at least one of " + wireNames()));
        else if (types.stream().distinct().count() != types.size())
            problems.add(new Violation("events", "an event is named twice"));
        else
            for (String type : types) {
                if (type == null || NotificationType.of(type).isEmpty()) {
                    problems.add(new Violation("events", "unknown event " + type + "; one of " + wireNames()));
                    break;
                }
            }
        String benchmarkId = body.benchmarkId() == null || body.benchmarkId().isBlank()
                ? null
                : body.benchmarkId().strip();
        if (benchmarkId != null) {
            boolean visible;
            try {
                visible = benchmarkId.length() <= 64 && benchmarkVisible.test(benchmarkId);
            } catch (RuntimeException e) {
                visible = false;
            }
            if (!visible)
                problems.add(new Violation("benchmarkId", "no benchmark " + benchmarkId + " that you can see"));
        }
        if (!problems.isEmpty()) throw new BadRequest("The webhook is not valid.", problems);

        String id = "whk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = Instant.now();
        URI uri = target.uri();
        boolean slack = target.slack();
        transaction.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO webhook (id, owner_id, url, secret, events, benchmark_id, slack, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
                ps.setString(1, id);
                ps.setString(2, owner.value());
                ps.setString(3, uri.toString());
                ps.setString(4, secret);
                ps.setArray(5, ps.getConnection().createArrayOf("text", types.toArray()));
                ps.setString(6, benchmarkId);
                ps.setBoolean(7, slack);
                ps.setTimestamp(8, Timestamp.from(now));
            });
            events.append(
                    new WebhookRegistered(id, owner.value(), List.copyOf(types), benchmarkId, slack), owner.value());
        });
        Webhook made = find(id).orElseThrow();
        return new CreatedWebhook(
                id,
                secret,
                made.target(),
                made.events(),
                made.benchmarkId(),
                made.slack(),
                made.status(),
                made.createdAt());
    }

    private static String wireNames() {
        return String.join(
                ", ",
                Arrays.stream(NotificationType.values())
                        .map(NotificationType::wire)
                        .toList());
    }

    /** The webhooks {@code ownerId} registered, oldest first. */
    public List<Webhook> ofOwner(String ownerId) {
        return jdbc.query(SELECT + " WHERE owner_id = ? ORDER BY created_at, id", Webhooks::webhook, ownerId);
    }

    /** The webhook {@code id} when {@code ownerId} registered it: another user's webhook is as good as absent. */
    public Optional<Webhook> owned(String id, String ownerId) {
        return jdbc.query(SELECT + " WHERE id = ? AND owner_id = ?", Webhooks::webhook, id, ownerId).stream()
                .findFirst();
    }

    Optional<Webhook> find(String id) {
        return jdbc.query(SELECT + " WHERE id = ?", Webhooks::webhook, id).stream()
                .findFirst();
    }

    private static final String SELECT =
            "SELECT id, url, events, benchmark_id, slack, created_at, failing_since, disabled_at FROM webhook";

    private static Webhook webhook(ResultSet rs, int i) throws SQLException {
        URI uri = URI.create(rs.getString("url"));
        String target = uri.getScheme() + "://" + uri.getRawAuthority();
        Timestamp disabled = rs.getTimestamp("disabled_at");
        Timestamp failing = rs.getTimestamp("failing_since");
        return new Webhook(
                rs.getString("id"),
                target,
                Arrays.asList((String[]) rs.getArray("events").getArray()),
                rs.getString("benchmark_id"),
                rs.getBoolean("slack"),
                disabled == null ? "ACTIVE" : "DISABLED",
                rs.getTimestamp("created_at").toInstant(),
                failing == null ? null : failing.toInstant(),
                disabled == null ? null : disabled.toInstant());
    }

    /** Deletes a webhook with its delivery log; a delivery being sent at that moment is its last. */
    public void delete(String id, UserId actor) {
        transaction.executeWithoutResult(status -> {
            if (jdbc.queryForList("SELECT id FROM webhook WHERE id = ? AND owner_id = ? FOR UPDATE", id, actor.value())
                    .isEmpty()) return;
            jdbc.update("DELETE FROM webhook WHERE id = ?", id);
            events.append(new WebhookDeleted(id, actor.value()), actor.value());
        });
    }

    /** The delivery log of a webhook, newest first, each delivery with its attempts. */
    public WebhookDeliveryPage deliveries(String webhookId, int page, int size) {
        Long total = jdbc.queryForObject(
                "SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?", Long.class, webhookId);
        record Row(
                long id, String eventId, String type, String status, Instant next, Instant created, Instant finished) {}
        List<Row> rows = jdbc.query(
                """
                SELECT d.id, d.event_id, e.type, d.status, d.next_attempt_at, d.created_at, d.finished_at
                FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
                WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ? OFFSET ?""",
                (rs, i) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()),
                webhookId,
                size,
                (long) page * size);
        Map<Long, List<DeliveryAttempt>> attempts = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            jdbc.query(
                    """
                    SELECT delivery_id, attempt, attempted_at, http_status, error, duration_ms FROM webhook_attempt
                    WHERE delivery_id = ANY (?) ORDER BY delivery_id, attempt""",
                    ps -> ps.setArray(
                            1,
                            ps.getConnection()
                                    .createArrayOf(
                                            "bigint", rows.stream().map(Row::id).toArray())),
                    rs -> {
                        attempts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new DeliveryAttempt(
                                        rs.getInt(2),
                                        rs.getTimestamp(3).toInstant(),
                                        (Integer) rs.getObject(4),
                                        rs.getString(5),
                                        rs.getLong(6)));
                    });
        }
        var items = rows.stream()
                .map(r -> new WebhookDelivery(
                        r.eventId(),
                        r.type(),
                        r.status(),
                        attempts.getOrDefault(r.id(), List.of()),
                        r.status().equals("PENDING") ? r.next() : null,
                        r.created(),
                        r.finished()))
                .toList();
        return new WebhookDeliveryPage(items, page, size, total == null ? 0 : total);
    }
}

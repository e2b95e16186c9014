package io.benchmarkhub.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The webhook outbox: a notification becomes one {@code webhook_event} row and one {@code webhook_delivery} row per webhook
 * that wants it, in the caller's transaction. Both are keyed (the event by its id, the delivery by webhook and event), so a
 * notification written twice, by a redelivered event or by two nodes, is sent once. Only webhooks registered before the
 * notification's moment get it: a new webhook is not sent the past, and a replay of old events sends nothing.
 */
@Component
public class WebhookOutbox {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public WebhookOutbox(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Whether any active webhook registered by {@code at} wants {@code type}: when none does, a policy need not look further. */
    public boolean wanted(NotificationType type, Instant at) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM webhook WHERE disabled_at IS NULL AND ? = ANY (events) AND created_at <= ?)""", Boolean.class, type.wire(), Timestamp.from(at)));
    }

    /** Writes the deliveries {@code notification} calls for; answers how many webhooks it was new for. */
    public int enqueue(Notification notification) {
        List<String> webhooks = jdbc.query(
                con -> {
                    var ps = con.prepareStatement("""
                    SELECT id FROM webhook WHERE owner_id = ? AND ? = ANY (events) AND disabled_at IS NULL AND created_at <= ?
                       AND (benchmark_id IS NULL OR benchmark_id = ANY (?))""");
                    ps.setString(1, notification.ownerId());
                    ps.setString(2, notification.type().wire());
                    ps.setTimestamp(3, Timestamp.from(notification.occurredAt()));
                    ps.setArray(
                            4,
                            con.createArrayOf(
                                    "text", notification.benchmarkIds().toArray()));
                    return ps;
                },
                (rs, i) -> rs.getString(1));
        if (webhooks.isEmpty()) return 0;
        var envelope = new LinkedHashMap<String, Object>();
        envelope.put("id", notification.id());
        envelope.put("type", notification.type().wire());
        envelope.put("createdAt", notification.occurredAt().toString());
        envelope.put("data", notification.data());
        String body;
        try {
            body = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification is ids and numbers", e);
        }
        jdbc.update(
                """
                INSERT INTO webhook_event (id, type, owner_id, occurred_at, body, summary) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING""",
                notification.id(),
                notification.type().wire(),
                notification.ownerId(),
                Timestamp.from(notification.occurredAt()),
                body,
                notification.summary());
        int made = 0;
        for (String webhook : webhooks) {
            made += jdbc.update(
                    "INSERT INTO webhook_delivery (webhook_id, event_id) VALUES (?, ?) ON CONFLICT (webhook_id, event_id) DO NOTHING",
                    webhook,
                    notification.id());
        }
        return made;
    }
}

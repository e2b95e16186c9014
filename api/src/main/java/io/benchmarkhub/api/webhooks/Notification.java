package io.benchmarkhub.api.webhooks;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Something to tell the webhooks of {@code ownerId} about. {@code id} is unique per happening (receivers dedupe on it);
 * {@code benchmarkIds} are the benchmarks it concerns, for webhooks limited to one; {@code data} holds ids, model names and
 * numbers, never anything another user keeps private; {@code summary} is the one line a Slack webhook shows.
 */
public record Notification(
        String id,
        NotificationType type,
        String ownerId,
        Set<String> benchmarkIds,
        Instant occurredAt,
        Map<String, Object> data,
        String summary) {}

package io.benchmarkhub.domain.webhook.events;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A user registered a webhook for {@code events} (type names such as {@code run.completed}), for one benchmark's events
 * ({@code benchmarkId}) or, when null, all of the owner's. {@code slack}: the target is a Slack incoming webhook.
 */
@Revision("1")
public record WebhookRegistered(
        String webhookId, String ownerId, List<String> events, String benchmarkId, boolean slack)
        implements WebhookEvent {}

package io.benchmarkhub.domain.webhook.events;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The webhook's endpoint failed every delivery since {@code failingSince}, longer than the operator allows
 * ({@code benchmarkhub.webhooks.disable-after}): nothing more is sent to it and its pending deliveries failed.
 */
@Revision("1")
public record WebhookDisabled(String webhookId, Instant failingSince) implements WebhookEvent {}

package io.benchmarkhub.domain.webhook.events;

import org.axonframework.serialization.Revision;

/** The webhook is gone, with its delivery log; nothing more is sent to it. */
@Revision("1")
public record WebhookDeleted(String webhookId, String deletedBy) implements WebhookEvent {}

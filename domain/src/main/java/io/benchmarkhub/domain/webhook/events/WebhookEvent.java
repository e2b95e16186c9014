package io.benchmarkhub.domain.webhook.events;

/**
 * What happened to an outgoing webhook (issue 16). Webhooks are rows ({@code webhook}) holding the target URL and the
 * signing secret; these events are their record for the audit stream, stored under the webhook id (aggregate type
 * {@code Webhook}) in the transaction that changes the row. They carry ids and event type names only: never the URL
 * (a Slack incoming-webhook URL is itself a secret) nor the signing secret.
 */
public sealed interface WebhookEvent permits WebhookRegistered, WebhookDeleted, WebhookDisabled {

    String AGGREGATE_TYPE = "Webhook";

    String webhookId();
}

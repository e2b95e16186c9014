package io.benchmarkhub.api.webhooks.policy;

import io.benchmarkhub.api.webhooks.Webhooks;
import io.benchmarkhub.domain.user.events.UserDeleted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A deleted account's webhooks go with it: their URLs (personal data, and for Slack a secret) and secrets are erased and
 * nothing more is sent. Each deletion is a {@code WebhookDeleted} by the user, as if they had deleted it themselves.
 */
@Component
@ProcessingGroup(NotificationPolicy.NAME)
class OwnerErasure {

    private final Webhooks webhooks;

    OwnerErasure(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @EventHandler
    void on(UserDeleted event) {
        for (var webhook : webhooks.ofOwner(event.userId().value())) webhooks.delete(webhook.id(), event.userId());
    }
}

package io.benchmarkhub.api.webhooks;

import io.benchmarkhub.api.webhooks.policy.NotificationPolicy;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The notification policy's errors stop its segment, which retries from the same event: a notification is never skipped. */
@Configuration
class WebhookProcessing {

    @Bean
    ConfigurerModule notificationsNeverSkipAnEvent() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerListenerInvocationErrorHandler(
                NotificationPolicy.NAME, config -> PropagatingErrorHandler.instance()));
    }
}

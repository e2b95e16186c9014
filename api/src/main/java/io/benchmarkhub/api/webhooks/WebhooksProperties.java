package io.benchmarkhub.api.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchmarkhub.webhooks.*}: where outgoing webhooks may go and how they are sent (docs/webhooks.md).
 *
 * @param allowPrivateNetworks true lets webhooks reach loopback, link-local, private, multicast and unspecified addresses
 *                             (an installation whose receivers are all inside its own network); false refuses them
 * @param allowedNetworks      CIDR ranges allowed although they are such addresses (e.g. {@code 10.20.0.0/16}, {@code 127.0.0.1/32})
 * @param connectTimeout       how long a connection to a receiver may take
 * @param readTimeout          how long a receiver may leave the connection silent before its answer
 * @param pollInterval         how often each instance looks for deliveries that are due
 * @param batchSize            deliveries one instance claims per look
 * @param retryBase            the first retry waits this long; each next one twice as long as the one before
 * @param retryCap             ... but never longer than this
 * @param maxAttempts          a delivery that failed this many times fails for good
 * @param disableAfter         an endpoint that has failed every attempt for this long is disabled
 */
@ConfigurationProperties("benchmarkhub.webhooks")
record WebhooksProperties(
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue("") List<String> allowedNetworks,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("30s") Duration retryBase,
        @DefaultValue("6h") Duration retryCap,
        @DefaultValue("20") int maxAttempts,
        @DefaultValue("3d") Duration disableAfter) {

    public WebhooksProperties {
        allowedNetworks = allowedNetworks == null
                ? List.of()
                : allowedNetworks.stream().filter(s -> !s.isBlank()).toList();
        if (batchSize < 1) throw new IllegalArgumentException("benchmarkhub.webhooks.batch-size must be at least 1");
        if (maxAttempts < 1)
            throw new IllegalArgumentException("benchmarkhub.webhooks.max-attempts must be at least 1");
        for (String cidr : allowedNetworks) NetworkGuard.Cidr.parse(cidr);
    }

    /** The delay before retry number {@code attempt + 1}, after {@code attempt} failed attempts (1, 2, …). */
    Duration retryDelay(int attempt) {
        long base = retryBase.toMillis();
        long delay = base << Math.min(Math.max(attempt - 1, 0), 30);
        if (delay < 0 || delay > retryCap.toMillis()) delay = retryCap.toMillis();
        return Duration.ofMillis(delay);
    }

    /** How long a sender keeps a claimed delivery before another may take it: longer than one attempt can last. */
    Duration lease() {
        return connectTimeout.plus(readTimeout).multipliedBy(2).plusSeconds(30);
    }
}

package io.benchmarkhub.api.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's signing scheme: {@code Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over {@code t + "." + body},
 * keyed with the webhook's secret (the whole {@code whsec_…} string, as UTF-8). The timestamp inside what is signed lets a
 * receiver refuse replays of an old delivery.
 */
final class WebhookSignature {

    public static final String HEADER = "Webhook-Signature";

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    public static String hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

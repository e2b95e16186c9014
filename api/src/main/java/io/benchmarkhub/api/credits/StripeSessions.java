package io.benchmarkhub.api.credits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one client of Stripe's session endpoints: Checkout sessions (credits and plans) and Customer Portal sessions. It
 * posts the form with the secret key, and turns every failure into a 502 that shows nothing Stripe said: Stripe's
 * message may quote part of the key, so only its error type and code are logged, and neither is shown.
 */
@Component
public final class StripeSessions {

    /** What Stripe answered: the session's id and the address the browser goes to. */
    public record Session(String id, String url) {}

    private static final Logger log = LoggerFactory.getLogger(StripeSessions.class);

    private final CheckoutProperties checkout;
    private final ObjectMapper mapper;
    private final HttpClient http;

    StripeSessions(CheckoutProperties checkout, ObjectMapper mapper) {
        this.checkout = checkout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(checkout.timeout()).build();
    }

    /**
     * {@code POST /v1/checkout/sessions}.
     *
     * @param purpose names the call in the idempotency key and the log ({@code checkout}, {@code plan-checkout})
     * @param userId  the caller, for the log
     */
    public Session checkout(Map<String, String> form, String purpose, String userId) {
        return post("/v1/checkout/sessions", form, purpose, userId, "did not open a checkout");
    }

    /** {@code POST /v1/billing_portal/sessions}: a Customer Portal session for {@code customer}, with {@code return_url}. */
    public Session portal(Map<String, String> form, String userId) {
        return post("/v1/billing_portal/sessions", form, "portal", userId, "did not open its customer portal");
    }

    private Session post(String path, Map<String, String> form, String purpose, String userId, String refused) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(checkout.apiBase().replaceAll("/+$", "") + path))
                .timeout(checkout.timeout())
                .header("Authorization", "Bearer " + checkout.secretKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", purpose + "-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.warn(
                    "Stripe {} for user {} failed: Stripe could not be reached ({})",
                    purpose,
                    userId,
                    e.getClass().getSimpleName());
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            answer = mapper.createObjectNode();
        }
        if (response.statusCode() / 100 != 2
                || !answer.path("url").isTextual()
                || !answer.path("id").isTextual()) {
            log.warn(
                    "Stripe {} for user {} refused: HTTP {} type={} code={}",
                    purpose,
                    userId,
                    response.statusCode(),
                    answer.path("error").path("type").asText("-"),
                    answer.path("error").path("code").asText("-"));
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY,
                    "The payment provider " + refused + " (HTTP " + response.statusCode() + "). Try again later.");
        }
        String url = answer.get("url").asText();
        if (!url.startsWith("https://") && !url.startsWith("http://"))
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY, "The payment provider answered an unusable address.");
        return new Session(answer.get("id").asText(), url);
    }

    private static ResponseStatusException unreachable() {
        return new ResponseStatusException(
                HttpStatus.BAD_GATEWAY, "The payment provider could not be reached. Try again in a moment.");
    }
}

package io.benchmarkhub.api.credits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.commands.PurchaseCredits;
import io.benchmarkhub.domain.user.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stripe's webhook. The signature ({@code Stripe-Signature}) is checked with stripe-java against the
 * signing secret before anything is read; a bad or stale one is a 400 and changes nothing. A paid
 * {@code checkout.session.completed} (or {@code checkout.session.async_payment_succeeded}) credits the
 * account named by {@code client_reference_id} (a user id) with {@code metadata.credits} credits for
 * {@code amount_total}, as one lot; the session id makes a redelivery a no-op. Every other event type
 * is acknowledged and ignored.
 */
@RestController
@Tag(name = "Credits")
public class PaymentWebhookController {

    public record Received(boolean received, String outcome) {
    }

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhookController.class);
    private static final List<String> PAID_EVENTS = List.of("checkout.session.completed", "checkout.session.async_payment_succeeded");

    private final PaymentsProperties properties;
    private final CommandGateway commands;
    private final UserAccounts users;
    private final ObjectMapper mapper;

    public PaymentWebhookController(PaymentsProperties properties, CommandGateway commands, UserAccounts users, ObjectMapper mapper) {
        this.properties = properties;
        this.commands = commands;
        this.users = users;
        this.mapper = mapper;
    }

    @PostMapping(value = "/api/webhooks/payments", consumes = "*/*")
    @Operation(summary = "Stripe webhook (signed): a paid checkout session buys credits, once per session")
    public Received payment(@RequestBody String payload,
                            @RequestHeader(name = "Stripe-Signature", required = false) String signature) throws IOException {
        if (!properties.enabled()) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "payments are not configured (benchmarkhub.payments.webhook-secret)");
        }
        if (signature == null || signature.isBlank()) throw new BadRequest("the Stripe-Signature header is missing");
        try {
            Webhook.Signature.verifyHeader(payload, signature, properties.webhookSecret(), properties.tolerance().toSeconds());
        } catch (SignatureVerificationException e) {
            throw new BadRequest("the Stripe-Signature does not verify (wrong secret, altered body or a timestamp older than "
                    + properties.tolerance().toMinutes() + " minutes)");
        }
        JsonNode event = mapper.readTree(payload);
        String type = event.path("type").asText();
        if (!PAID_EVENTS.contains(type)) return new Received(true, "ignored: " + type);
        JsonNode session = event.path("data").path("object");
        if (!"paid".equals(session.path("payment_status").asText())) return new Received(true, "ignored: not paid yet");

        var problems = new ArrayList<Violation>();
        String user = session.path("client_reference_id").asText("");
        if (user.isBlank() || users.findUser(new UserId(user)).isEmpty()) {
            problems.add(new Violation("data.object.client_reference_id", "must be the id of a BenchmarkHub user"));
        }
        JsonNode credits = session.path("metadata").path("credits");
        long creditCount = credits.isTextual() && credits.asText().matches("[1-9][0-9]{0,9}") ? Long.parseLong(credits.asText())
                : credits.canConvertToLong() && credits.asLong() > 0 ? credits.asLong() : -1;
        if (creditCount < 1) problems.add(new Violation("data.object.metadata.credits", "must be a positive whole number of credits"));
        JsonNode amount = session.path("amount_total");
        if (!amount.canConvertToLong() || amount.asLong() < 0) problems.add(new Violation("data.object.amount_total", "must be a whole amount in the smallest currency unit"));
        String sessionId = session.path("id").asText("");
        if (sessionId.isBlank()) problems.add(new Violation("data.object.id", "is required"));
        if (!problems.isEmpty()) throw new BadRequest("the checkout session cannot be credited", problems);

        commands.sendAndWait(new PurchaseCredits(AccountId.of(new UserId(user)), sessionId, creditCount, amount.asLong(),
                session.path("currency").asText("usd").toLowerCase(Locale.ROOT)));
        log.info("Payment {} credited {} credits to {}", sessionId, creditCount, user);
        return new Received(true, "credited");
    }
}

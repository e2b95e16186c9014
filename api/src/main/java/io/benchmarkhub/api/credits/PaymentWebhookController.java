package io.benchmarkhub.api.credits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.benchmark.ReadYourWrites;
import io.benchmarkhub.api.billing.Subscriptions;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.workspace.Workspaces;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.ClawbackCause;
import io.benchmarkhub.domain.credits.commands.ClawBackPayment;
import io.benchmarkhub.domain.credits.commands.PurchaseCredits;
import io.benchmarkhub.domain.user.UserId;
import io.benchmarkhub.query.credits.CreditLedgerQueries;
import io.benchmarkhub.query.credits.FinanceViews.Purchase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stripe's webhook. The signature ({@code Stripe-Signature}) is checked with stripe-java against the signing secret
 * before anything is read; a bad or stale one is a 400 and changes nothing. Then:
 * <ul>
 *   <li>a paid {@code checkout.session.completed} (or {@code checkout.session.async_payment_succeeded}) of one of our
 *   users ({@code client_reference_id}) credits what the server's price table says that price buys, as one lot, once per
 *   session. The session must match the table (its price id, or else its amount and currency); a session that does not,
 *   or whose {@code metadata.credits} says otherwise, is refused (400) and logged, and credits nothing;</li>
 *   <li>{@code charge.refunded} and {@code charge.dispute.created} of a payment we credited claw the credits of that lot
 *   back, as far as they are unspent; the account owes the rest;</li>
 *   <li>subscription events ({@code customer.subscription.*}, {@code invoice.paid}, {@code invoice.payment_failed})
 *   change the subscriber's plan ({@link Subscriptions}), once per Stripe event id;</li>
 *   <li>everything else, including sessions and charges that are not ours, is acknowledged (200, {@code ignored}), so
 *   Stripe does not retry it for days.</li>
 * </ul>
 * Log lines name sessions, payment intents and user ids, never a secret or an email.
 */
@RestController
@Tag(name = "Credits")
public class PaymentWebhookController {

    /** {@code status}: credited, clawed back or ignored; {@code outcome} says more. */
    public record Received(boolean received, String status, String outcome) {}

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhookController.class);
    private static final List<String> PAID_EVENTS =
            List.of("checkout.session.completed", "checkout.session.async_payment_succeeded");

    private final PaymentsProperties properties;
    private final CommandGateway commands;
    private final UserAccounts users;
    private final CreditLedgerQueries ledger;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;
    private final Subscriptions subscriptions;

    private final Workspaces workspaces;

    public PaymentWebhookController(
            PaymentsProperties properties,
            CommandGateway commands,
            UserAccounts users,
            CreditLedgerQueries ledger,
            ReadYourWrites readYourWrites,
            ObjectMapper mapper,
            Subscriptions subscriptions,
            Workspaces workspaces) {
        this.subscriptions = subscriptions;
        this.workspaces = workspaces;
        this.properties = properties;
        this.commands = commands;
        this.users = users;
        this.ledger = ledger;
        this.readYourWrites = readYourWrites;
        this.mapper = mapper;
    }

    @PostMapping(value = "/api/webhooks/payments", consumes = "*/*")
    @Operation(
            summary =
                    "Stripe webhook (signed): purchases credit the price table's credits once per session; refunds and "
                            + "disputes claw them back",
            description =
                    "checkout.session.completed / async_payment_succeeded with payment_status paid: credits what the price "
                            + "table (benchmarkhub.payments.prices) says the session's price buys, matched by metadata.price_id or else by "
                            + "amount_total and currency; a mismatch (unknown price, other amount or currency, metadata.credits that "
                            + "disagrees) is a 400 and credits nothing. charge.refunded (amount_refunded) and charge.dispute.created "
                            + "(amount) take back the credits that money bought from its lot, as far as they are unspent; the account owes "
                            + "the rest and starts no paid run until it is paid or settled. customer.subscription.created|updated|deleted, "
                            + "invoice.paid and invoice.payment_failed change the subscriber's plan (docs/plans.md), once per event id; "
                            + "an invoice of a subscription of ours not known yet is a 409, so Stripe delivers it again. Sessions of no BenchmarkHub user, charges of "
                            + "no purchase of ours and every other event type: 200 with status ignored.")
    @ApiResponse(
            responseCode = "200",
            description = "{received, status: credited | clawed back | subscription | ignored, outcome}",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Received.class)))
    @ProblemResponse(
            status = "400",
            description = "a missing, wrong or stale signature, or a session that does not match the price table")
    @ProblemResponse(
            status = "409",
            description = "an invoice of a subscription of ours whose subscription event has not arrived yet")
    @ProblemResponse(status = "503", description = "payments are not configured (no webhook secret)")
    public Received payment(
            @RequestBody String payload, @RequestHeader(name = "Stripe-Signature", required = false) String signature)
            throws IOException {
        if (!properties.enabled()) {
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "payments are not configured (benchmarkhub.payments.webhook-secret)");
        }
        if (signature == null || signature.isBlank()) throw new BadRequest("the Stripe-Signature header is missing");
        try {
            Webhook.Signature.verifyHeader(
                    payload,
                    signature,
                    properties.webhookSecret(),
                    properties.tolerance().toSeconds());
        } catch (SignatureVerificationException | RuntimeException e) {
            // stripe-java throws NumberFormatException for a header whose t= is not a number: that is bad input too
            throw new BadRequest(
                    "the Stripe-Signature does not verify (wrong secret, altered body or a timestamp older than "
                            + properties.tolerance().toMinutes() + " minutes)",
                    List.of(new Violation(
                            "Stripe-Signature",
                            "must be t=<unix seconds>,v1=<HMAC-SHA256 of t.body> with our signing secret")));
        }
        JsonNode event = mapper.readTree(payload);
        List<Violation> unsafe = io.benchmarkhub.api.web.JsonBodyText.check(event);
        if (!unsafe.isEmpty()) throw new BadRequest("The event has text that cannot be accepted.", unsafe);
        String type = event.path("type").asText();
        JsonNode object = event.path("data").path("object");
        if (PAID_EVENTS.contains(type)) return purchase(object);
        if (Subscriptions.EVENT_TYPES.contains(type)) {
            Subscriptions.Outcome outcome = subscriptions.handle(event);
            return new Received(true, outcome.status(), outcome.outcome());
        }
        return switch (type) {
            case "charge.refunded" ->
                clawBack(object, ClawbackCause.REFUND, object.path("amount_refunded"), "data.object.amount_refunded");
            case "charge.dispute.created" ->
                clawBack(object, ClawbackCause.DISPUTE, object.path("amount"), "data.object.amount");
            default -> ignored("ignored: " + type);
        };
    }

    private Received purchase(JsonNode session) {
        if (!"paid".equals(session.path("payment_status").asText())) return ignored("ignored: not paid yet");
        String sessionId = session.path("id").asText("");
        if (sessionId.isBlank())
            throw new BadRequest(
                    "the checkout session has no id", List.of(new Violation("data.object.id", "is required")));
        String user = session.path("client_reference_id").asText("");
        if (user.isBlank() || users.findUser(new UserId(user)).isEmpty()) {
            log.info("Payment {} ignored: its client_reference_id is not a BenchmarkHub user", sessionId);
            return ignored("ignored: not a session of a BenchmarkHub user");
        }

        JsonNode amountNode = session.path("amount_total");
        long amount = amountNode.canConvertToLong() && amountNode.isIntegralNumber() ? amountNode.asLong() : -1;
        String currency = session.path("currency").asText("").toLowerCase(Locale.ROOT);
        String priceId = priceId(session);
        var problems = new ArrayList<Violation>();
        PaymentsProperties.Price price = price(priceId, amount, currency, problems);
        JsonNode claimed = session.path("metadata").path("credits");
        if (price != null
                && !claimed.isMissingNode()
                && !claimed.isNull()
                && !claimed.asText().equals(Long.toString(price.credits()))) {
            problems.add(new Violation(
                    "data.object.metadata.credits",
                    "says " + claimed.asText() + "; the price table gives " + price.credits()
                            + " credits for this price"));
        }
        if (!problems.isEmpty()) {
            log.warn(
                    "Payment {} of user {} refused, nothing credited: amount_total {} {}, price {}: {}",
                    sessionId,
                    user,
                    amountNode.isMissingNode() ? "missing" : amountNode.asText(),
                    currency.isEmpty() ? "(no currency)" : currency,
                    priceId == null ? "not named" : priceId,
                    problems.stream().map(v -> v.field() + " " + v.message()).toList());
            throw new BadRequest("the checkout session does not match the price table; nothing was credited", problems);
        }

        String paymentIntent = session.path("payment_intent").isTextual()
                ? session.path("payment_intent").asText()
                : null;
        AccountId account = AccountId.of(new UserId(user));
        String workspaceId = session.path("metadata").path("workspace_id").asText("");
        if (!workspaceId.isBlank()) {
            // bought by a workspace's owner for the workspace; a workspace deleted meanwhile cannot hold credits, so
            // the
            // buyer's own account receives them rather than nobody
            if (workspaces.exists(workspaceId)) account = AccountId.ofWorkspace(workspaceId);
            else
                log.warn(
                        "Payment {} names workspace {}, which no longer exists: credited to {}",
                        sessionId,
                        workspaceId,
                        user);
        }
        commands.sendAndWait(new PurchaseCredits(account, sessionId, price.credits(), amount, currency, paymentIntent));
        // a refund or dispute of this payment must find it in the ledger
        readYourWrites.awaitCredits(account.value());
        log.info("Payment {} credited {} credits to {}", sessionId, price.credits(), account);
        return new Received(true, "credited", "credited");
    }

    /** The entry of the price table the session matches: by its price id when it names one, else by amount and currency. */
    private PaymentsProperties.Price price(String priceId, long amount, String currency, List<Violation> problems) {
        if (amount < 1) {
            problems.add(new Violation(
                    "data.object.amount_total", "must be a positive whole amount in the smallest currency unit"));
            return null;
        }
        if (priceId != null) {
            Optional<PaymentsProperties.Price> named = properties.price(priceId);
            if (named.isEmpty()) {
                problems.add(new Violation("data.object.metadata.price_id", priceId + " is not in the price table"));
                return null;
            }
            PaymentsProperties.Price price = named.get();
            if (price.amountMinor() != amount || !price.currency().equals(currency)) {
                problems.add(new Violation(
                        "data.object.amount_total",
                        amount + " " + currency + " was paid, but " + priceId + " costs " + price.amountMinor() + " "
                                + price.currency()));
                return null;
            }
            return price;
        }
        List<PaymentsProperties.Price> matching = properties.pricesOf(amount, currency);
        if (matching.size() == 1) return matching.getFirst();
        problems.add(
                new Violation(
                        "data.object.amount_total",
                        matching.isEmpty()
                                ? amount + " " + currency + " is the price of nothing in the price table"
                                : amount + " " + currency
                                        + " is the price of several entries of the price table; the session must name its price_id"));
        return null;
    }

    /** {@code metadata.price_id}, or the price of the session's one line item when Stripe sent them; null when neither. */
    private static String priceId(JsonNode session) {
        JsonNode named = session.path("metadata").path("price_id");
        if (named.isTextual() && !named.asText().isBlank())
            return named.asText().strip();
        JsonNode items = session.path("line_items").path("data");
        if (items.isArray()
                && items.size() == 1
                && items.get(0).path("price").path("id").isTextual()) {
            return items.get(0).path("price").path("id").asText();
        }
        return null;
    }

    /** A refund or dispute of a payment intent we credited: claw back what that money bought. */
    private Received clawBack(JsonNode object, ClawbackCause cause, JsonNode amountNode, String amountField) {
        String paymentIntent = object.path("payment_intent").asText("");
        if (paymentIntent.isBlank()) return ignored("ignored: names no payment intent");
        Optional<Purchase> purchase = ledger.purchase(paymentIntent);
        if (purchase.isEmpty()) {
            log.info("{} of payment intent {} ignored: no purchase of ours", cause, paymentIntent);
            return ignored("ignored: not a payment of ours");
        }
        if (!amountNode.canConvertToLong() || !amountNode.isIntegralNumber() || amountNode.asLong() < 0) {
            throw new BadRequest(
                    "the " + cause.name().toLowerCase(Locale.ROOT) + " has no amount",
                    List.of(new Violation(amountField, "must be a whole amount in the smallest currency unit")));
        }
        String currency = object.path("currency").asText("").toLowerCase(Locale.ROOT);
        commands.sendAndWait(new ClawBackPayment(
                new AccountId(purchase.get().accountId()),
                purchase.get().paymentId(),
                cause,
                amountNode.asLong(),
                currency));
        log.info(
                "{} of payment {} ({} {}) clawed back from {}",
                cause,
                purchase.get().paymentId(),
                amountNode.asLong(),
                currency,
                purchase.get().accountId());
        return new Received(true, "clawed back", "clawed back: " + cause.name().toLowerCase(Locale.ROOT));
    }

    private static Received ignored(String outcome) {
        return new Received(true, "ignored", outcome);
    }
}

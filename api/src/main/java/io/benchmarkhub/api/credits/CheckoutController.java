package io.benchmarkhub.api.credits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.auth.AccountsProperties;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.workspace.Workspaces;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Buying credits (docs/credits.md#buying-credits-stripe-checkout): the price table, and a Stripe Checkout session for one of
 * its entries. The session names the buyer ({@code client_reference_id}) and the price; what it credits is decided by the
 * payment webhook against the same table when Stripe reports it paid, never by this call.
 */
@RestController
@Tag(name = "Credits")
class CheckoutController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutController.class);

    /** One entry of the price table; {@code key} is what a checkout names (the Stripe price id, else currency-amount). */
    public record PriceOffer(String key, String priceId, long amountMinor, String currency, long credits) {}

    /** {@code checkout}: whether this server opens checkouts (a Stripe key, a webhook secret and at least one price). */
    public record Prices(boolean checkout, List<PriceOffer> prices) {}

    /** {@code workspaceId}: buy for that workspace's credit account instead of the caller's (its owners only). */
    public record CheckoutRequest(String price, String workspaceId) {}

    public record CheckoutSession(String sessionId, String url) {}

    private final PaymentsProperties payments;
    private final CheckoutProperties checkout;
    private final AccountsProperties accounts;
    private final ObjectMapper mapper;
    private final Workspaces workspaces;
    private final HttpClient http;

    public CheckoutController(
            PaymentsProperties payments,
            CheckoutProperties checkout,
            AccountsProperties accounts,
            ObjectMapper mapper,
            Workspaces workspaces) {
        this.workspaces = workspaces;
        this.payments = payments;
        this.checkout = checkout;
        this.accounts = accounts;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(checkout.timeout()).build();
    }

    static String key(PaymentsProperties.Price price) {
        return price.priceId() != null ? price.priceId() : price.currency() + "-" + price.amountMinor();
    }

    /**
     * The workspace a checkout buys for, or null for the caller's own account: only its owners manage its billing (403);
     * one the caller is not a member of is a 400 naming workspaceId, as for a benchmark.
     */
    private String workspaceOf(CheckoutRequest body, CurrentUser user) {
        if (body == null || body.workspaceId() == null || body.workspaceId().isBlank()) return null;
        String id = body.workspaceId().strip();
        Workspaces.Workspace workspace = workspaces
                .find(id, user.id())
                .orElseThrow(() -> new BadRequest(
                        "No such workspace",
                        List.of(new Violation("workspaceId", "is not a workspace you are a member of"))));
        if (workspace.role() != WorkspaceRole.OWNER)
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Only the workspace's owners may buy credits for it.");
        return id;
    }

    private boolean open() {
        return checkout.enabled() && payments.enabled() && !payments.prices().isEmpty();
    }

    @GetMapping("/api/credits/prices")
    @Operation(
            summary = "What credits cost: the server's price table, and whether credits can be bought here (checkout)",
            description =
                    "Each entry: key (what POST /api/credits/checkout names), priceId (Stripe's, when set), amountMinor in the "
                            + "smallest unit of currency, and the credits it buys. checkout is false when the server has no Stripe key, no "
                            + "webhook secret or no price.")
    public Prices prices() {
        return new Prices(
                open(),
                payments.prices().stream()
                        .map(p -> new PriceOffer(key(p), p.priceId(), p.amountMinor(), p.currency(), p.credits()))
                        .toList());
    }

    @PostMapping("/api/credits/checkout")
    @Operation(
            summary = "Open a Stripe Checkout session for one entry of the price table; the browser goes to its url",
            description =
                    "The session is for the caller (client_reference_id), in payment mode, for the entry's Stripe price (or its "
                            + "amount and currency), with metadata price_id and credits. Stripe sends the buyer back to <public-url>/credits"
                            + "?checkout=success (or cancelled). Credits arrive when the payment webhook reports the session paid. "
                            + "With workspaceId (its owners only), the credits go to that workspace's account (metadata workspace_id) "
                            + "and the buyer comes back to <public-url>/workspaces/<id>.")
    @ApiResponse(
            responseCode = "201",
            description = "The session",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = CheckoutSession.class)))
    @ProblemResponse(
            status = "400",
            description =
                    "price is missing, unknown, or sold for the same amount as another entry without a price id; or "
                            + "workspaceId is not a workspace of the caller")
    @ProblemResponse(status = "403", description = "workspaceId names a workspace the caller is not an owner of")
    @ProblemResponse(status = "502", description = "Stripe could not be reached or refused to open the session")
    @ProblemResponse(status = "503", description = "buying credits is not set up on this server")
    public ResponseEntity<CheckoutSession> openCheckout(
            @RequestBody(required = false) CheckoutRequest body, @AuthenticationPrincipal CurrentUser user) {
        if (!open())
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "Buying credits is not set up on this server.");
        String wanted = body == null || body.price() == null ? "" : body.price().strip();
        if (wanted.isEmpty()) throw new BadRequest("Pick a price", List.of(new Violation("price", "is required")));
        PaymentsProperties.Price price = payments.prices().stream()
                .filter(p -> key(p).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new BadRequest(
                        "No such price", List.of(new Violation("price", "is not one of GET /api/credits/prices"))));
        if (price.priceId() == null
                && payments.pricesOf(price.amountMinor(), price.currency()).size() > 1) {
            throw new BadRequest(
                    "This price cannot be bought",
                    List.of(
                            new Violation(
                                    "price",
                                    "is sold for the same amount as another entry and has no price id, so a payment could not be matched")));
        }

        String workspaceId = workspaceOf(body, user);

        String app = accounts.publicUrl().replaceAll("/+$", "");
        // a workspace's buyer comes back to the workspace's page
        String back = workspaceId == null ? app + "/credits" : app + "/workspaces/" + workspaceId;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "payment");
        form.put("client_reference_id", user.id().value());
        form.put("success_url", back + "?checkout=success&session={CHECKOUT_SESSION_ID}");
        form.put("cancel_url", back + "?checkout=cancelled");
        form.put("metadata[credits]", Long.toString(price.credits()));
        if (workspaceId != null) form.put("metadata[workspace_id]", workspaceId);
        form.put("line_items[0][quantity]", "1");
        if (price.priceId() != null) {
            form.put("metadata[price_id]", price.priceId());
            form.put("line_items[0][price]", price.priceId());
        } else {
            form.put("line_items[0][price_data][currency]", price.currency());
            form.put("line_items[0][price_data][unit_amount]", Long.toString(price.amountMinor()));
            form.put("line_items[0][price_data][product_data][name]", price.credits() + " BenchmarkHub credits");
        }
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(checkout.apiBase().replaceAll("/+$", "") + "/v1/checkout/sessions"))
                .timeout(checkout.timeout())
                .header("Authorization", "Bearer " + checkout.secretKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "checkout-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            log.warn(
                    "Checkout for user {} failed: Stripe could not be reached ({})",
                    user.id().value(),
                    e.getClass().getSimpleName());
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY, "The payment provider could not be reached. Try again in a moment.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY, "The payment provider could not be reached. Try again in a moment.");
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (Exception e) {
            answer = mapper.createObjectNode();
        }
        if (response.statusCode() / 100 != 2
                || !answer.path("url").isTextual()
                || !answer.path("id").isTextual()) {
            // Stripe's message may quote part of the key: only its type and code are logged, and neither is shown
            log.warn(
                    "Checkout for user {} refused by Stripe: HTTP {} type={} code={}",
                    user.id().value(),
                    response.statusCode(),
                    answer.path("error").path("type").asText("-"),
                    answer.path("error").path("code").asText("-"));
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY,
                    "The payment provider did not open a checkout (HTTP " + response.statusCode()
                            + "). Try again later.");
        }
        String url = answer.get("url").asText();
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY, "The payment provider answered an unusable address.");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CheckoutSession(answer.get("id").asText(), url));
    }
}

package io.benchmarkhub.api.credits;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Buying credits (docs/credits.md#buying-credits-stripe-checkout): the price table, and a Stripe Checkout session for one of
 * its entries. The session names the buyer ({@code client_reference_id}) and the price; what it credits is decided by the
 * payment webhook against the same table when Stripe reports it paid, never by this call.
 */
@RestController
@Tag(name = "Credits")
class CheckoutController {

    /** One entry of the price table; {@code key} is what a checkout names (the Stripe price id, else currency-amount). */
    public record PriceOffer(String key, String priceId, long amountMinor, String currency, long credits) {}

    /** {@code checkout}: whether this server opens checkouts (a Stripe key, a webhook secret and at least one price). */
    public record Prices(boolean checkout, List<PriceOffer> prices) {}

    /** {@code workspaceId}: buy for that workspace's credit account instead of the caller's (its owners only). */
    public record CheckoutRequest(String price, String workspaceId) {}

    public record CheckoutSession(String sessionId, String url) {}

    private final PaymentsProperties payments;
    private final CreditCheckouts checkouts;

    CheckoutController(PaymentsProperties payments, CreditCheckouts checkouts) {
        this.payments = payments;
        this.checkouts = checkouts;
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
                checkouts.open(),
                payments.prices().stream()
                        .map(p -> new PriceOffer(
                                CreditCheckouts.key(p), p.priceId(), p.amountMinor(), p.currency(), p.credits()))
                        .toList());
    }

    @PostMapping("/api/credits/checkout")
    @Operation(
            summary = "Open a Stripe Checkout session for one entry of the price table; the browser goes to its url",
            description =
                    "The older form of POST /api/billing/checkout {credits, workspaceId?}, which does the same. The session is for the caller (client_reference_id), in payment mode, for the entry's Stripe price (or its "
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
        var session = checkouts.open(
                body == null ? null : body.price(), body == null ? null : body.workspaceId(), user, "price");
        return ResponseEntity.status(HttpStatus.CREATED).body(new CheckoutSession(session.id(), session.url()));
    }
}

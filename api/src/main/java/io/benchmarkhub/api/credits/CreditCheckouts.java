package io.benchmarkhub.api.credits;

import io.benchmarkhub.api.auth.AccountsProperties;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.workspace.Workspaces;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * A Stripe Checkout session for one entry of the credits price table, for the caller or a workspace they own: what both
 * {@code POST /api/credits/checkout {price}} and {@code POST /api/billing/checkout {credits}} open. The session names the
 * buyer and the price; what it credits is decided by the payment webhook against the same table when Stripe reports it
 * paid, never here.
 */
@Service
public class CreditCheckouts {

    private final PaymentsProperties payments;
    private final CheckoutProperties checkout;
    private final AccountsProperties accounts;
    private final Workspaces workspaces;
    private final StripeSessions stripe;

    CreditCheckouts(
            PaymentsProperties payments,
            CheckoutProperties checkout,
            AccountsProperties accounts,
            Workspaces workspaces,
            StripeSessions stripe) {
        this.payments = payments;
        this.checkout = checkout;
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.stripe = stripe;
    }

    static String key(PaymentsProperties.Price price) {
        return price.priceId() != null ? price.priceId() : price.currency() + "-" + price.amountMinor();
    }

    /** Whether this server opens credit checkouts: a Stripe key, a webhook secret and at least one price. */
    boolean open() {
        return checkout.enabled() && payments.enabled() && !payments.prices().isEmpty();
    }

    /**
     * Opens the session.
     *
     * @param wanted      the key of a price table entry (GET /api/credits/prices)
     * @param workspaceId the workspace whose account is credited, or null/blank for the caller's own
     * @param field       what the request calls {@code wanted}, for the problem naming it
     */
    public StripeSessions.Session open(String wanted, String workspaceId, CurrentUser user, String field) {
        if (!open())
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "Buying credits is not set up on this server.");
        String key = wanted == null ? "" : wanted.strip();
        if (key.isEmpty()) throw new BadRequest("Pick a price", List.of(new Violation(field, "is required")));
        PaymentsProperties.Price price = payments.prices().stream()
                .filter(p -> key(p).equals(key))
                .findFirst()
                .orElseThrow(() -> new BadRequest(
                        "No such price", List.of(new Violation(field, "is not one of GET /api/credits/prices"))));
        if (price.priceId() == null
                && payments.pricesOf(price.amountMinor(), price.currency()).size() > 1) {
            throw new BadRequest(
                    "This price cannot be bought",
                    List.of(
                            new Violation(
                                    field,
                                    "is sold for the same amount as another entry and has no price id, so a payment could not be matched")));
        }

        String workspace = workspaceOf(workspaceId, user);

        String app = accounts.publicUrl().replaceAll("/+$", "");
        // a workspace's buyer comes back to the workspace's page
        String back = workspace == null ? app + "/credits" : app + "/workspaces/" + workspace;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "payment");
        form.put("client_reference_id", user.id().value());
        form.put("success_url", back + "?checkout=success&session={CHECKOUT_SESSION_ID}");
        form.put("cancel_url", back + "?checkout=cancelled");
        form.put("metadata[credits]", Long.toString(price.credits()));
        if (workspace != null) form.put("metadata[workspace_id]", workspace);
        form.put("line_items[0][quantity]", "1");
        if (price.priceId() != null) {
            form.put("metadata[price_id]", price.priceId());
            form.put("line_items[0][price]", price.priceId());
        } else {
            form.put("line_items[0][price_data][currency]", price.currency());
            form.put("line_items[0][price_data][unit_amount]", Long.toString(price.amountMinor()));
            form.put("line_items[0][price_data][product_data][name]", price.credits() + " BenchmarkHub credits");
        }
        return stripe.checkout(form, "checkout", user.id().value());
    }

    /**
     * The workspace a checkout buys for, or null for the caller's own account: only its owners manage its billing (403);
     * one the caller is not a member of is a 400 naming workspaceId, as for a benchmark.
     */
    private String workspaceOf(String workspaceId, CurrentUser user) {
        if (workspaceId == null || workspaceId.isBlank()) return null;
        String id = workspaceId.strip();
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
}

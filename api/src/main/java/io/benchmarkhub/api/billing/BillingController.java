package io.benchmarkhub.api.billing;

import io.benchmarkhub.api.auth.AccountsProperties;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.credits.CheckoutProperties;
import io.benchmarkhub.api.credits.CreditCheckouts;
import io.benchmarkhub.api.credits.StripeSessions;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.web.Problems;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.billing.Plan;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Buying a plan or credits, and managing a plan (docs/plans.md): a Stripe Checkout session in subscription mode for the
 * plan's price, for the caller (Pro) or for a workspace the caller owns (Team), or in payment mode for an entry of the
 * credits price table; and a Stripe Customer Portal session where a subscriber changes or cancels the plan. The plan
 * changes only when the webhook reports the subscription.
 */
@RestController
@Tag(name = "Workspaces")
class BillingController {

    /** Exactly one of {@code plan} and {@code credits} (a key of GET /api/credits/prices). */
    public record PlanCheckoutRequest(String plan, String credits, String workspaceId) {}

    public record PlanCheckoutSession(String sessionId, String url) {}

    public record PortalRequest(String workspaceId) {}

    public record PortalSession(String url) {}

    private final PlansProperties plans;
    private final CheckoutProperties checkout;
    private final AccountsProperties accounts;
    private final Subscriptions subscriptions;
    private final JdbcTemplate jdbc;
    private final StripeSessions stripe;
    private final CreditCheckouts credits;

    BillingController(
            PlansProperties plans,
            CheckoutProperties checkout,
            AccountsProperties accounts,
            Subscriptions subscriptions,
            JdbcTemplate jdbc,
            StripeSessions stripe,
            CreditCheckouts credits) {
        this.plans = plans;
        this.checkout = checkout;
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.stripe = stripe;
        this.credits = credits;
    }

    @PostMapping("/api/billing/checkout")
    @Operation(
            summary = "Open a Stripe Checkout session for a plan or for credits; the browser goes to its url",
            description =
                    "Exactly one of plan and credits. plan PRO (for the caller; no workspaceId) or TEAM (for workspaceId, whose "
                            + "owner the caller must be): a session in subscription mode that names the subscriber in the "
                            + "subscription's metadata (subscriber_type, subscriber_id) and the plan's price of "
                            + "benchmarkhub.plans.prices. The plan changes when the webhook reports the subscription "
                            + "(customer.subscription.created and invoice.paid), never by this call. credits (a key of GET "
                            + "/api/credits/prices, with workspaceId for a workspace's account, its owners only) does what POST "
                            + "/api/credits/checkout does with price: the credits arrive when the webhook reports the session paid.")
    @ApiResponse(
            responseCode = "201",
            description = "The session",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = PlanCheckoutSession.class)))
    @ProblemResponse(
            status = "400",
            description =
                    "neither or both of plan and credits; plan is not PRO or TEAM, or workspaceId is missing for TEAM or given "
                            + "for PRO; credits is not a key of the credits price table, or workspaceId (with credits) is not a "
                            + "workspace of the caller")
    @ProblemResponse(status = "403", description = "only a workspace's owners manage its billing")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member (plan)")
    @ProblemResponse(
            status = "409",
            description =
                    "the subscriber already has a subscription that is not over (an incomplete one does not count)")
    @ProblemResponse(status = "502", description = "Stripe could not be reached or refused to open the session")
    @ProblemResponse(
            status = "503",
            description =
                    "plans (or credits) are not sold on this server (no Stripe key, webhook secret or price for the plan)")
    public ResponseEntity<PlanCheckoutSession> checkout(
            @RequestBody(required = false) PlanCheckoutRequest body, @AuthenticationPrincipal CurrentUser user) {
        boolean hasPlan = body != null && body.plan() != null && !body.plan().isBlank();
        boolean hasCredits = body != null && body.credits() != null;
        if (hasPlan == hasCredits) {
            String rule = hasPlan ? "must be left out with the other" : "one of plan and credits is required";
            throw new BadRequest(
                    hasPlan ? "Buy a plan or credits, not both." : "Pick a plan, or credits.",
                    List.of(new Violation("plan", rule), new Violation("credits", rule)));
        }
        if (hasCredits) {
            var session = credits.open(body.credits(), body.workspaceId(), user, "credits");
            return ResponseEntity.status(HttpStatus.CREATED).body(new PlanCheckoutSession(session.id(), session.url()));
        }
        String wanted = body.plan().strip().toUpperCase(Locale.ROOT);
        Plan plan;
        if (wanted.equals("PRO")) plan = Plan.PRO;
        else if (wanted.equals("TEAM")) plan = Plan.TEAM;
        else throw new BadRequest("Pick a plan.", List.of(new Violation("plan", "must be PRO or TEAM")));
        String workspaceId = body.workspaceId() == null || body.workspaceId().isBlank()
                ? null
                : body.workspaceId().strip();
        if (plan == Plan.PRO && workspaceId != null)
            throw new BadRequest(
                    "Pro is a personal plan.",
                    List.of(new Violation("workspaceId", "must be left out for PRO; a workspace buys TEAM")));
        if (plan == Plan.TEAM && workspaceId == null)
            throw new BadRequest(
                    "Team is bought for a workspace.", List.of(new Violation("workspaceId", "is required for TEAM")));
        var price = plans.priceOf(plan);
        if (price.isEmpty() || !checkout.enabled())
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "The " + plan + " plan is not sold on this server.");

        String subscriberType = plan == Plan.PRO ? "USER" : "WORKSPACE";
        String subscriberId = plan == Plan.PRO ? user.id().value() : workspaceId;
        if (plan == Plan.TEAM) requireOwner(workspaceId, user);
        if (subscriptions.hasOpen(subscriberType, subscriberId))
            throw new ErrorResponseException(
                    HttpStatus.CONFLICT,
                    Problems.of(
                            HttpStatus.CONFLICT,
                            "There is a subscription already; change or cancel it in Stripe's customer portal."),
                    null);

        String app = accounts.publicUrl().replaceAll("/+$", "");
        // the account page says the plan and thanks the buyer; a workspace's plan shows on the workspace as well
        String back = app + "/account";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "subscription");
        form.put("client_reference_id", user.id().value());
        form.put("success_url", back + "?checkout=success&session={CHECKOUT_SESSION_ID}");
        form.put("cancel_url", back + "?checkout=cancelled");
        form.put("line_items[0][price]", price.get().priceId());
        form.put("line_items[0][quantity]", "1");
        form.put("metadata[plan]", plan.name());
        form.put("metadata[subscriber_type]", subscriberType);
        form.put("metadata[subscriber_id]", subscriberId);
        // the subscription's own events carry these, which is how the webhook finds the subscriber
        form.put("subscription_data[metadata][plan]", plan.name());
        form.put("subscription_data[metadata][subscriber_type]", subscriberType);
        form.put("subscription_data[metadata][subscriber_id]", subscriberId);
        var session = stripe.checkout(form, "plan-checkout", user.id().value());
        return ResponseEntity.status(HttpStatus.CREATED).body(new PlanCheckoutSession(session.id(), session.url()));
    }

    @PostMapping("/api/billing/portal")
    @Operation(
            summary =
                    "Open Stripe's Customer Portal, where the plan is changed or cancelled; the browser goes to its url",
            description =
                    "Without workspaceId: the caller's personal subscription; with it: the workspace's, whose owner the caller "
                            + "must be. The portal is opened for the Stripe customer of the subscription giving the plan (else the "
                            + "latest one) and sends the browser back to the account page (or the workspace's). A change or "
                            + "cancellation made there arrives through the webhook (customer.subscription.updated, with "
                            + "cancel_at_period_end, or deleted), never by this call.")
    @ApiResponse(
            responseCode = "201",
            description = "The portal session",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PortalSession.class)))
    @ProblemResponse(status = "403", description = "only a workspace's owners manage its billing")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    @ProblemResponse(status = "409", description = "no subscription with a Stripe customer yet: buy a plan first")
    @ProblemResponse(status = "502", description = "Stripe could not be reached or refused to open the portal")
    @ProblemResponse(status = "503", description = "there is no Stripe key on this server")
    public ResponseEntity<PortalSession> portal(
            @RequestBody(required = false) PortalRequest body, @AuthenticationPrincipal CurrentUser user) {
        String workspaceId =
                body == null || body.workspaceId() == null || body.workspaceId().isBlank()
                        ? null
                        : body.workspaceId().strip();
        if (workspaceId != null) requireOwner(workspaceId, user);
        if (!checkout.enabled())
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Plans are not sold on this server.");
        String customer = subscriptions
                .customerOf(
                        workspaceId == null ? "USER" : "WORKSPACE",
                        workspaceId == null ? user.id().value() : workspaceId)
                .orElseThrow(() -> new ErrorResponseException(
                        HttpStatus.CONFLICT,
                        Problems.of(
                                HttpStatus.CONFLICT,
                                "There is no subscription to manage yet: buy a plan first; Stripe's portal opens once it is reported."),
                        null));
        String app = accounts.publicUrl().replaceAll("/+$", "");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("customer", customer);
        form.put("return_url", workspaceId == null ? app + "/account" : app + "/workspaces/" + workspaceId);
        var session = stripe.portal(form, user.id().value());
        return ResponseEntity.status(HttpStatus.CREATED).body(new PortalSession(session.url()));
    }

    /** Only a workspace's owners manage its billing (403); a workspace the caller is not a member of is a 404. */
    private void requireOwner(String workspaceId, CurrentUser user) {
        List<String> role = jdbc.queryForList(
                "SELECT role FROM workspace_member WHERE workspace_id = ? AND user_id = ?",
                String.class,
                workspaceId,
                user.id().value());
        if (role.isEmpty())
            throw new ErrorResponseException(
                    HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "No workspace " + workspaceId + "."), null);
        if (!role.getFirst().equals("OWNER"))
            throw PlanProblem.forbidden(
                    "billing",
                    subscriptions.ofWorkspace(workspaceId).plan(),
                    "Only the workspace's owners manage its billing.");
    }
}

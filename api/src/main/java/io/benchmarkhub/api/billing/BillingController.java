package io.benchmarkhub.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.auth.AccountsProperties;
import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.credits.CheckoutProperties;
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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Buying a plan (docs/plans.md): a Stripe Checkout session in subscription mode for the plan's price, for the caller (Pro)
 * or for a workspace the caller owns (Team). The plan changes only when the webhook reports the subscription.
 */
@RestController
@Tag(name = "Workspaces")
class BillingController {

    private static final Logger log = LoggerFactory.getLogger(BillingController.class);

    public record PlanCheckoutRequest(String plan, String workspaceId) {}

    public record PlanCheckoutSession(String sessionId, String url) {}

    private final PlansProperties plans;
    private final CheckoutProperties checkout;
    private final AccountsProperties accounts;
    private final Subscriptions subscriptions;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final HttpClient http;

    BillingController(
            PlansProperties plans,
            CheckoutProperties checkout,
            AccountsProperties accounts,
            Subscriptions subscriptions,
            JdbcTemplate jdbc,
            ObjectMapper mapper) {
        this.plans = plans;
        this.checkout = checkout;
        this.accounts = accounts;
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(checkout.timeout()).build();
    }

    @PostMapping("/api/billing/checkout")
    @Operation(
            summary = "Open a Stripe Checkout session in subscription mode for a plan; the browser goes to its url",
            description =
                    "plan PRO (for the caller; no workspaceId) or TEAM (for workspaceId, whose owner the caller must be). The "
                            + "session names the subscriber in the subscription's metadata (subscriber_type, subscriber_id) and the "
                            + "plan's price of benchmarkhub.plans.prices. The plan changes when the webhook reports the subscription "
                            + "(customer.subscription.created and invoice.paid), never by this call.")
    @ApiResponse(
            responseCode = "201",
            description = "The session",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = PlanCheckoutSession.class)))
    @ProblemResponse(
            status = "400",
            description = "plan is missing or not PRO or TEAM, or workspaceId is missing for TEAM or given for PRO")
    @ProblemResponse(status = "403", description = "only a workspace's owners manage its billing")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    @ProblemResponse(status = "409", description = "the subscriber already has a subscription that is not over")
    @ProblemResponse(status = "502", description = "Stripe could not be reached or refused to open the session")
    @ProblemResponse(
            status = "503",
            description = "plans are not sold on this server (no Stripe key, webhook secret or price for the plan)")
    public ResponseEntity<PlanCheckoutSession> checkout(
            @RequestBody(required = false) PlanCheckoutRequest body, @AuthenticationPrincipal CurrentUser user) {
        String wanted =
                body == null || body.plan() == null ? "" : body.plan().strip().toUpperCase(Locale.ROOT);
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
        if (plan == Plan.TEAM) {
            List<String> role = jdbc.queryForList(
                    "SELECT role FROM workspace_member WHERE workspace_id = ? AND user_id = ?",
                    String.class,
                    workspaceId,
                    user.id().value());
            if (role.isEmpty())
                throw new ErrorResponseException(
                        HttpStatus.NOT_FOUND,
                        Problems.of(HttpStatus.NOT_FOUND, "No workspace " + workspaceId + "."),
                        null);
            if (!role.getFirst().equals("OWNER"))
                throw PlanProblem.forbidden(
                        "billing",
                        subscriptions.ofWorkspace(workspaceId).plan(),
                        "Only the workspace's owners manage its billing.");
        }
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
        JsonNode answer = post(form, user);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new PlanCheckoutSession(
                        answer.get("id").asText(), answer.get("url").asText()));
    }

    private JsonNode post(Map<String, String> form, CurrentUser user) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(checkout.apiBase().replaceAll("/+$", "") + "/v1/checkout/sessions"))
                .timeout(checkout.timeout())
                .header("Authorization", "Bearer " + checkout.secretKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "plan-checkout-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            log.warn(
                    "Plan checkout for user {} failed: Stripe could not be reached ({})",
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
        String url = answer.path("url").asText("");
        if (response.statusCode() / 100 != 2
                || !answer.path("id").isTextual()
                || !(url.startsWith("https://") || url.startsWith("http://"))) {
            // Stripe's message may quote part of the key: only its type and code are logged, and neither is shown
            log.warn(
                    "Plan checkout for user {} refused by Stripe: HTTP {} type={} code={}",
                    user.id().value(),
                    response.statusCode(),
                    answer.path("error").path("type").asText("-"),
                    answer.path("error").path("code").asText("-"));
            throw new ResponseStatusException(
                    HttpStatus.BAD_GATEWAY,
                    "The payment provider did not open a checkout (HTTP " + response.statusCode()
                            + "). Try again later.");
        }
        return answer;
    }
}

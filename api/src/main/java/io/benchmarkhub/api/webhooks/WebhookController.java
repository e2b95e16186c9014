package io.benchmarkhub.api.webhooks;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.benchmark.BenchmarkTimeTravel;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.domain.benchmark.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Outgoing webhooks (issue 16, docs/webhooks.md). A webhook is its owner's alone: another user's is a 404, like one that
 * does not exist. ({@code POST /api/webhooks/payments} is Stripe's incoming webhook, PaymentWebhookController.)
 */
@RestController
@Tag(name = "Webhooks")
class WebhookController {

    public record WebhookList(List<Webhooks.Webhook> items) {}

    private static final int MAX_PAGE_SIZE = 100;

    private final Webhooks webhooks;
    private final BenchmarkTimeTravel benchmarks;

    public WebhookController(Webhooks webhooks, BenchmarkTimeTravel benchmarks) {
        this.webhooks = webhooks;
        this.benchmarks = benchmarks;
    }

    @PostMapping("/api/webhooks")
    @Operation(
            summary =
                    "Register a webhook: signed POSTs to url on the events named (the secret is shown only in this answer)",
            description =
                    "events: run.completed, run.failed (failed or timed out), release_report.ready, contamination.flagged (on a "
                            + "benchmark you own), schedule.budget_reached. With benchmarkId (a benchmark you can see) only that benchmark's "
                            + "events; without, all of yours. Each delivery is a JSON {id, type, createdAt, data} (a Slack incoming-webhook URL "
                            + "gets {text} instead) with the header Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of t.body keyed with "
                            + "the secret>. url must be http or https and must not reach a loopback, link-local, private, multicast or "
                            + "unspecified address unless the operator allows it.")
    @ApiResponse(
            responseCode = "201",
            description = "The webhook with its signing secret",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Webhooks.CreatedWebhook.class)))
    @ProblemResponse(status = "400", description = "a field is not valid (errors name it): url, events, benchmarkId")
    public ResponseEntity<Webhooks.CreatedWebhook> createWebhook(
            @RequestBody(required = false) Webhooks.NewWebhook body, @AuthenticationPrincipal CurrentUser user) {
        if (body == null)
            throw new BadRequest("The webhook is not valid.", List.of(new Violation("url", "is required")));
        var created = webhooks.register(
                user.id(),
                body,
                id -> benchmarks
                        .current(id)
                        .filter(b -> BenchmarkTimeTravel.visibleTo(b, user))
                        .isPresent());
        return ResponseEntity.created(URI.create("/api/webhooks/" + created.id()))
                .body(created);
    }

    @GetMapping("/api/webhooks")
    @Operation(
            summary = "Your webhooks, oldest first",
            description =
                    "Each with its target (scheme, host and port: the rest of a URL may be a secret), events, benchmarkId, status "
                            + "ACTIVE or DISABLED (its endpoint failed for too long), failingSince and disabledAt. Never the secret.")
    @ApiResponse(
            responseCode = "200",
            description = "The webhooks",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookList.class)))
    public WebhookList listWebhooks(@AuthenticationPrincipal CurrentUser user) {
        return new WebhookList(webhooks.ofOwner(user.id().value()));
    }

    @GetMapping("/api/webhooks/{id}")
    @Operation(summary = "A webhook")
    @ApiResponse(
            responseCode = "200",
            description = "The webhook",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = Webhooks.Webhook.class)))
    @ProblemResponse(status = "404", description = "no such webhook, or not the caller's")
    public Webhooks.Webhook getWebhook(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        return owned(id, user);
    }

    @DeleteMapping("/api/webhooks/{id}")
    @Operation(summary = "Delete a webhook and its delivery log; nothing more is sent to it")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponse(status = "404", description = "no such webhook, or not the caller's")
    public ResponseEntity<Void> deleteWebhook(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        owned(id, user);
        webhooks.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/webhooks/{id}/deliveries")
    @Operation(
            summary =
                    "The delivery log, newest first: per event its id and type, each attempt (time, HTTP status or error class, "
                            + "duration), the next attempt and the status PENDING, DELIVERED or FAILED",
            description =
                    "error is one of FORBIDDEN_ADDRESS (the host resolved to an address webhooks may not reach), DNS, "
                            + "CONNECT_TIMEOUT, READ_TIMEOUT, CONNECTION_REFUSED, TLS, IO. Paged with page (from 0) and size (1-100): "
                            + "{items, page, size, total}.")
    @ApiResponse(
            responseCode = "200",
            description = "The deliveries",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Webhooks.WebhookDeliveryPage.class)))
    @ProblemResponse(status = "400", description = "page or size out of range")
    @ProblemResponse(status = "404", description = "no such webhook, or not the caller's")
    public Webhooks.WebhookDeliveryPage webhookDeliveries(
            @PathVariable String id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @AuthenticationPrincipal CurrentUser user) {
        owned(id, user);
        if (page < 0) throw new BadRequest("Bad paging.", List.of(new Violation("page", "must be 0 or more")));
        if (size < 1 || size > MAX_PAGE_SIZE)
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("size", "must be between 1 and " + MAX_PAGE_SIZE)));
        return webhooks.deliveries(id, page, size);
    }

    private Webhooks.Webhook owned(String id, CurrentUser user) {
        return webhooks.owned(id, user.id().value())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No webhook " + id + "."));
    }
}

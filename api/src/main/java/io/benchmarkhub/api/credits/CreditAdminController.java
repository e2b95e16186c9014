package io.benchmarkhub.api.credits;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.auth.UserAccounts;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.api.workspace.Workspaces;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.credits.commands.GrantCredits;
import io.benchmarkhub.domain.credits.commands.RefundLot;
import io.benchmarkhub.domain.credits.commands.SettleOwedCredits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin credit operations: free grants, refunds of purchased lots and settling what an account owes after a clawback. */
@RestController
@RequestMapping("/api/admin/credits")
@Tag(name = "Credits")
class CreditAdminController {

    public record GrantRequest(String accountId, Long credits, String reason) {}

    public record Granted(String accountId, String lotId, long credits) {}

    public record RefundRequest(String accountId, String lotId) {}

    public record Refunded(String accountId, String lotId) {}

    public record SettlementRequest(String accountId, String reason) {}

    public record Settled(String accountId, long settledCredits) {}

    private final CommandGateway commands;
    private final UserAccounts users;
    private final Workspaces workspaces;

    public CreditAdminController(CommandGateway commands, UserAccounts users, Workspaces workspaces) {
        this.commands = commands;
        this.users = users;
        this.workspaces = workspaces;
    }

    @PostMapping("/grants")
    @Operation(summary = "Grant free credits (a lot with no revenue); an Idempotency-Key makes a repeat a no-op")
    @ApiResponse(
            responseCode = "201",
            description = "Granted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Granted.class)))
    public ResponseEntity<Granted> grant(
            @RequestBody GrantRequest body,
            @AuthenticationPrincipal CurrentUser admin,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        AccountId account = account(body.accountId());
        if (body.credits() == null)
            throw new BadRequest("credits are required", List.of(new Violation("credits", "is required")));
        if (idempotencyKey != null && !idempotencyKey.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new BadRequest("the Idempotency-Key must be 1-64 characters from A-Z a-z 0-9 _ -");
        }
        String grantId = "grant_"
                + (idempotencyKey != null
                        ? idempotencyKey
                        : UUID.randomUUID().toString().replace("-", ""));
        commands.sendAndWait(new GrantCredits(account, grantId, body.credits(), body.reason(), admin.id()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Granted(account.value(), "lot_" + grantId, body.credits()));
    }

    @PostMapping("/refunds")
    @Operation(summary = "Refund the unused, unreserved credits of a purchased lot")
    public Refunded refund(@RequestBody RefundRequest body, @AuthenticationPrincipal CurrentUser admin) {
        AccountId account = account(body.accountId());
        if (body.lotId() == null || body.lotId().isBlank())
            throw new BadRequest("lotId is required", List.of(new Violation("lotId", "is required")));
        commands.sendAndWait(new RefundLot(account, body.lotId(), admin.id()));
        return new Refunded(account.value(), body.lotId());
    }

    @PostMapping("/settlements")
    @Operation(
            summary =
                    "Settle what an account owes after a refund or dispute, without credits (paid another way, or written off)",
            description =
                    "An account owes the credits a refund or dispute could not take back because they were spent; it starts "
                            + "no paid run until credits bought or granted pay them, or until an admin settles them here with a reason. "
                            + "409 when the account owes nothing.")
    @ProblemResponse(status = "409", description = "the account owes nothing")
    @ApiResponse(
            responseCode = "200",
            description = "Settled",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Settled.class)))
    public Settled settle(@RequestBody SettlementRequest body, @AuthenticationPrincipal CurrentUser admin) {
        AccountId account = account(body.accountId());
        Long settled = commands.sendAndWait(new SettleOwedCredits(account, body.reason(), admin.id()));
        return new Settled(account.value(), settled == null ? 0 : settled);
    }

    private AccountId account(String accountId) {
        AccountId account;
        try {
            account = new AccountId(accountId == null ? "" : accountId);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(
                    "accountId is not valid",
                    List.of(new Violation("accountId", "must look like acct_<user id> or acct_<workspace id>")));
        }
        boolean exists = account.workspaceId() != null
                ? workspaces.exists(account.workspaceId())
                : users.findUser(account.user()).isPresent();
        if (!exists) {
            throw new BadRequest(
                    "no such account",
                    List.of(new Violation("accountId", "is not the account of a BenchmarkHub user or workspace")));
        }
        return account;
    }
}

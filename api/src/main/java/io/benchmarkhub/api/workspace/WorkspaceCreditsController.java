package io.benchmarkhub.api.workspace;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.api.web.ProblemResponse;
import io.benchmarkhub.command.credits.store.WorkspaceSpend;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.domain.workspace.WorkspaceRole;
import io.benchmarkhub.query.credits.CreditLedgerQueries;
import io.benchmarkhub.query.credits.FinanceViews.CreditBalance;
import io.benchmarkhub.query.credits.FinanceViews.LedgerPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's credit account (docs/workspaces.md#credits): its members read the balance and their own month; owners
 * and admins read its ledger. Buying credits for it is POST /api/credits/checkout with workspaceId.
 */
@RestController
@Tag(name = "Workspaces")
class WorkspaceCreditsController {

    private static final int MAX_LEDGER_LINES = 200;

    /**
     * The workspace's account, and the caller's month in it.
     *
     * @param monthlySpendLimit the caller's monthly limit in this workspace; null: none
     * @param spentThisMonth    what the caller's runs hold and were charged of it this calendar month (UTC)
     * @param leftThisMonth     what is left of the caller's limit; null without a limit
     */
    public record WorkspaceCredits(
            String workspaceId,
            String accountId,
            long balance,
            long reserved,
            long available,
            long owed,
            Long monthlySpendLimit,
            long spentThisMonth,
            Long leftThisMonth) {}

    private final Workspaces workspaces;
    private final CreditLedgerQueries ledger;
    private final WorkspaceSpend spend;

    WorkspaceCreditsController(Workspaces workspaces, CreditLedgerQueries ledger, WorkspaceSpend spend) {
        this.workspaces = workspaces;
        this.ledger = ledger;
        this.spend = spend;
    }

    @GetMapping("/api/workspaces/{id}/credits/balance")
    @Operation(
            summary =
                    "The workspace's credits (any member): balance, reserved, available, owed, and your monthly limit",
            description =
                    "The workspace's runs on CREDITS reserve and are charged here, not on the member's own account. "
                            + "monthlySpendLimit, spentThisMonth and leftThisMonth are the caller's own. Read from the ledger "
                            + "projection, so a payment or charge shows within moments.")
    @ApiResponse(
            responseCode = "200",
            description = "The account",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = WorkspaceCredits.class)))
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public WorkspaceCredits workspaceCredits(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
        workspaces.requireRoleUnlocked(id, user.id(), WorkspaceRole.VIEWER, "Members read the workspace's credits.");
        CreditBalance balance = ledger.balance(AccountId.ofWorkspace(id));
        WorkspaceSpend.Month month = spend.month(id, user.id());
        return new WorkspaceCredits(
                id,
                balance.accountId(),
                balance.balance(),
                balance.reserved(),
                balance.available(),
                balance.owed(),
                month.monthlySpendLimit(),
                month.spent(),
                month.left());
    }

    @GetMapping("/api/workspaces/{id}/credits/ledger")
    @Operation(
            summary = "The workspace's credit ledger, newest first (owners and admins)",
            description = "As GET /api/credits/ledger, for the workspace's account.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of the ledger",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LedgerPage.class)))
    @ProblemResponse(status = "403", description = "the caller is a member or viewer")
    @ProblemResponse(status = "404", description = "no such workspace, or the caller is not a member")
    public LedgerPage workspaceLedger(
            @PathVariable String id,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal CurrentUser user) {
        if (limit < 1 || limit > MAX_LEDGER_LINES) {
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("limit", "must be between 1 and " + MAX_LEDGER_LINES)));
        }
        workspaces.requireRoleUnlocked(
                id, user.id(), WorkspaceRole.ADMIN, "Only owners and admins read the workspace's ledger.");
        return ledger.ledger(AccountId.ofWorkspace(id), cursor == null || cursor.isBlank() ? null : cursor, limit);
    }
}

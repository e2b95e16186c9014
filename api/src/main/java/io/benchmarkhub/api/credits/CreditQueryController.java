package io.benchmarkhub.api.credits;

import io.benchmarkhub.api.auth.CurrentUser;
import io.benchmarkhub.api.auth.Role;
import io.benchmarkhub.api.web.BadRequest;
import io.benchmarkhub.domain.benchmark.Violation;
import io.benchmarkhub.domain.credits.AccountId;
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
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The caller's credits and ledger (the "credit-ledger" read model). Admins may read any account's ledger. */
@RestController
@RequestMapping("/api/credits")
@Tag(name = "Credits")
class CreditQueryController {

    private static final int MAX_LEDGER_LINES = 200;

    private final CreditLedgerQueries ledger;

    public CreditQueryController(CreditLedgerQueries ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/balance")
    @Operation(
            summary = "Your credits: balance, reserved for runs in progress, available (balance − reserved) and owed",
            description =
                    "owed: credits a refund or dispute of a purchase could not take back because they were spent; while it "
                            + "is above 0 the account starts no paid run. A user who never had credits has zeros. Read from the ledger "
                            + "projection, so a change shows within moments of the payment, grant or charge.")
    public CreditBalance balance(@AuthenticationPrincipal CurrentUser user) {
        return ledger.balance(AccountId.of(user.id()));
    }

    @GetMapping("/ledger")
    @Operation(
            summary =
                    "Your credit ledger, newest first: one line per purchase, grant, reservation, charge, release, refund, "
                            + "clawback, recovery or settlement",
            description =
                    "Each line: {seq, at, kind, balanceChange, reservedChange, owedChange, balanceAfter, reservedAfter, owedAfter} "
                            + "and, where they apply, runId, lotId, paymentId, amountMinor, currency, apiCostMicros, uncoveredCostMicros, lots, "
                            + "reason, by. kind: PURCHASED, GRANTED, RESERVED, CHARGED, RELEASED, REFUNDED, CLAWED_BACK, RECOVERED, SETTLED. "
                            + "Paged by cursor: {accountId, items, nextCursor}; pass nextCursor back as cursor, limit 1-200 (default 50). "
                            + "Admins may read another account with accountId=acct_<user id>.")
    @ApiResponse(
            responseCode = "403",
            description = "accountId names another user's account and the caller is not an admin")
    @ApiResponse(
            responseCode = "200",
            description = "A page of the ledger",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LedgerPage.class)))
    public LedgerPage ledger(
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @Parameter(description = "admins only: acct_<user id>") @RequestParam(required = false) String accountId,
            @AuthenticationPrincipal CurrentUser user) {
        if (limit < 1 || limit > MAX_LEDGER_LINES) {
            throw new BadRequest(
                    "Bad paging.", List.of(new Violation("limit", "must be between 1 and " + MAX_LEDGER_LINES)));
        }
        AccountId account = AccountId.of(user.id());
        if (accountId != null && !accountId.isBlank()) {
            account = account(accountId.strip());
            if (!account.user().equals(user.id()) && user.role() != Role.ADMIN) {
                throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN, "Only admins may read another account's ledger.");
            }
        }
        return ledger.ledger(account, cursor == null || cursor.isBlank() ? null : cursor, limit);
    }

    private static AccountId account(String accountId) {
        try {
            return new AccountId(accountId);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(
                    "accountId is not valid", List.of(new Violation("accountId", "must look like acct_<user id>")));
        }
    }
}

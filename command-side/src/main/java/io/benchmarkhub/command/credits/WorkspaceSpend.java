package io.benchmarkhub.command.credits;

import io.benchmarkhub.domain.credits.CreditException;
import io.benchmarkhub.domain.run.RunId;
import io.benchmarkhub.domain.user.UserId;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What each member of a workspace spends of its credit account in a calendar month (UTC), and the monthly limit an owner
 * or admin may set on a member (docs/workspaces.md#credits). Table {@code workspace_spend} holds one row per workspace
 * run that reserved credits, written before the account reserves them. A run counts what it was charged once the ledger
 * shows the charge, nothing once its reservation was released without a charge (it was never recorded), and until then
 * what it reserved, which is the most it can be charged.
 *
 * <p>Two nodes cannot both pass a limit: {@link #hold} locks the member's row, sums the month and inserts the run's row
 * in one transaction, so a second run of the same member waits for the first and then counts it.
 */
@Component
public class WorkspaceSpend {

    /** A member's month: their limit (null: none), and what they spent of the workspace's credits. */
    public record Month(Long monthlySpendLimit, long spent) {

        /** What is left of the limit this month; null without a limit. */
        public Long left() {
            return monthlySpendLimit == null ? null : Math.max(0, monthlySpendLimit - spent);
        }
    }

    /**
     * A run's row counts: its charge (the ledger's CHARGED line), else 0 once its reservation was released, else 0 when
     * the run was never recorded and the sweep's grace period has passed (its node died between the hold and the
     * reservation, or the sweep released it), else what it reserved.
     */
    private static final String SPENT = """
            SELECT coalesce(sum(CASE
                     WHEN (SELECT count(*) FROM credit_ledger l
                            WHERE l.account_id = 'acct_' || s.workspace_id AND l.run_id = s.run_id AND l.kind = 'CHARGED') > 0
                       THEN (SELECT -sum(l.balance_change) FROM credit_ledger l
                              WHERE l.account_id = 'acct_' || s.workspace_id AND l.run_id = s.run_id AND l.kind = 'CHARGED')
                     WHEN EXISTS (SELECT 1 FROM credit_ledger l
                                   WHERE l.account_id = 'acct_' || s.workspace_id AND l.run_id = s.run_id
                                     AND l.kind = 'RELEASED') THEN 0
                     WHEN s.reserved_at < now() - make_interval(secs => ?)
                          AND NOT EXISTS (SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = s.run_id)
                       THEN 0
                     ELSE s.credits END), 0)
              FROM workspace_spend s
             WHERE s.workspace_id = ? AND s.user_id = ? AND s.month = date_trunc('month', now() AT TIME ZONE 'UTC')::date""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CreditsProperties properties;

    public WorkspaceSpend(JdbcTemplate jdbc, TransactionTemplate transaction, CreditsProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
    }

    /**
     * Counts {@code credits} of the workspace's account against the member's month, in its own transaction: a 402 naming
     * the limit and what is left when they do not fit it, and nothing written. A member who left meanwhile is refused (409).
     */
    public void hold(String workspaceId, UserId member, RunId runId, long credits) {
        transaction.executeWithoutResult(status -> {
            List<Long[]> rows = jdbc.query(
                    "SELECT monthly_spend_limit FROM workspace_member WHERE workspace_id = ? AND user_id = ? FOR UPDATE",
                    (rs, n) -> new Long[] {rs.getObject(1) == null ? null : rs.getLong(1)},
                    workspaceId,
                    member.value());
            if (rows.isEmpty()) {
                throw new CreditException.StateConflict(
                        "you are no longer a member of workspace " + workspaceId + "; nothing was recorded");
            }
            Long limit = rows.getFirst()[0];
            if (limit != null) {
                long left = Math.max(0, limit - spent(workspaceId, member));
                if (credits > left) throw new CreditException.SpendLimitExceeded(limit, left, credits);
            }
            jdbc.update("""
                    INSERT INTO workspace_spend (run_id, workspace_id, user_id, month, credits)
                    VALUES (?, ?, ?, date_trunc('month', now() AT TIME ZONE 'UTC')::date, ?)""", runId.value(), workspaceId, member.value(), credits);
        });
    }

    /** Gives a hold back: the run was refused after it, so it never reserved or recorded anything. */
    public void drop(RunId runId) {
        jdbc.update("DELETE FROM workspace_spend WHERE run_id = ?", runId.value());
    }

    /** The member's month as it stands. */
    public Month month(String workspaceId, UserId member) {
        // a list, not an Optional: a member without a limit is a row holding null
        List<Long> limits = jdbc.query(
                "SELECT monthly_spend_limit FROM workspace_member WHERE workspace_id = ? AND user_id = ?",
                (rs, n) -> rs.getObject(1) == null ? null : rs.getLong(1),
                workspaceId,
                member.value());
        Long limit = limits.isEmpty() ? null : limits.getFirst();
        return new Month(limit, spent(workspaceId, member));
    }

    private long spent(String workspaceId, UserId member) {
        Long spent = jdbc.queryForObject(
                SPENT,
                Long.class,
                (double) properties.sweep().gracePeriod().toMillis() / 1000,
                workspaceId,
                member.value());
        return spent == null ? 0 : spent;
    }
}

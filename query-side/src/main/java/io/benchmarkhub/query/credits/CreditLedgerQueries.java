package io.benchmarkhub.query.credits;

import static io.benchmarkhub.query.JsonColumns.instant;

import io.benchmarkhub.domain.credits.AccountId;
import io.benchmarkhub.query.InvalidQuery;
import io.benchmarkhub.query.JsonColumns;
import io.benchmarkhub.query.credits.FinanceViews.CreditBalance;
import io.benchmarkhub.query.credits.FinanceViews.LedgerLine;
import io.benchmarkhub.query.credits.FinanceViews.LedgerPage;
import io.benchmarkhub.query.credits.FinanceViews.Purchase;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads an account's credits and its ledger (the "credit-ledger" projection). Who may read which account is the caller's concern. */
@Repository
public class CreditLedgerQueries {

    private static final String CURSOR_PREFIX = "ledger:";

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonColumns json;

    public CreditLedgerQueries(NamedParameterJdbcTemplate jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The account's credits; an account that never had any has zeros. */
    public CreditBalance balance(AccountId account) {
        return jdbc
                .query(
                        "SELECT balance, reserved, available, owed FROM credit_account WHERE account_id = :account",
                        new MapSqlParameterSource("account", account.value()),
                        (rs, n) -> new CreditBalance(
                                account.value(),
                                rs.getLong("balance"),
                                rs.getLong("reserved"),
                                rs.getLong("available"),
                                rs.getLong("owed")))
                .stream()
                .findFirst()
                .orElse(new CreditBalance(account.value(), 0, 0, 0, 0));
    }

    /** The purchase whose payment intent this is (what a provider's refund or dispute names); empty when none of ours. */
    public Optional<Purchase> purchase(String paymentIntentId) {
        return jdbc
                .query(
                        """
                        SELECT account_id, payment_id FROM credit_ledger WHERE payment_intent_id = :intent AND kind = 'PURCHASED'
                        ORDER BY account_id, seq LIMIT 1""",
                        new MapSqlParameterSource("intent", paymentIntentId),
                        (rs, n) -> new Purchase(rs.getString("account_id"), rs.getString("payment_id")))
                .stream()
                .findFirst();
    }

    /** Up to {@code limit} lines, newest first, older than the line {@code cursor} points after (null: from the newest). */
    public LedgerPage ledger(AccountId account, String cursor, int limit) {
        var params = new MapSqlParameterSource("account", account.value()).addValue("limit", limit + 1);
        String keyset = "";
        if (cursor != null) {
            keyset = " AND seq < :before";
            params.addValue("before", decodeCursor(cursor));
        }
        List<LedgerLine> lines = jdbc.query("""
                SELECT * FROM credit_ledger WHERE account_id = :account%s ORDER BY seq DESC LIMIT :limit""".formatted(keyset), params, (rs, n) -> line(rs));
        String next = null;
        if (lines.size() > limit) {
            lines = lines.subList(0, limit);
            next = encodeCursor(lines.getLast().seq());
        }
        return new LedgerPage(account.value(), List.copyOf(lines), next);
    }

    private LedgerLine line(ResultSet rs) throws SQLException {
        return new LedgerLine(
                rs.getLong("seq"),
                instant(rs, "occurred_at"),
                rs.getString("kind"),
                rs.getLong("balance_change"),
                rs.getLong("reserved_change"),
                rs.getLong("owed_change"),
                rs.getLong("balance_after"),
                rs.getLong("reserved_after"),
                rs.getLong("owed_after"),
                rs.getString("run_id"),
                rs.getString("lot_id"),
                rs.getString("payment_id"),
                nullableLong(rs, "amount_minor"),
                rs.getString("currency"),
                nullableLong(rs, "api_cost_micros"),
                nullableLong(rs, "uncovered_cost_micros"),
                json.node(rs, "lots"),
                rs.getString("reason"),
                rs.getString("actor"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** The opaque cursor: the sequence number of a page's last (oldest) line. */
    private static String encodeCursor(long seq) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new InvalidQuery("cursor", "is not a cursor of this ledger; start again without one");
    }
}

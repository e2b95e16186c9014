package io.benchmarkhub.query.credits;

import static io.benchmarkhub.query.credits.FinanceViews.marginRatio;

import io.benchmarkhub.query.credits.FinanceViews.GroupBy;
import io.benchmarkhub.query.credits.FinanceViews.Margin;
import io.benchmarkhub.query.credits.FinanceViews.MarginRow;
import io.benchmarkhub.query.credits.FinanceViews.MarginTotal;
import io.benchmarkhub.query.credits.FinanceViews.Reconciliation;
import io.benchmarkhub.query.credits.FinanceViews.ReconciliationGroup;
import io.benchmarkhub.query.credits.FinanceViews.ReconciliationItem;
import io.benchmarkhub.query.credits.FinanceViews.ReconciliationTotals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Margins from the charge lines and reconciliation of our provider generations with the providers' reports (the
 * "finance" projection and {@code provider_cost}). Periods are [from, to) in UTC. Sums are done by the database.
 */
@Repository
public class FinanceQueries {

    private static final String ONE_OF_OURS = """
            SELECT g.generation_id, g.run_id, g.model, g.cost_micros AS ours, p.cost_micros AS theirs
              FROM finance_generation g LEFT JOIN provider_cost p ON p.generation_id = g.generation_id
             WHERE g.recorded_at >= :from AND g.recorded_at < :to""";
    private static final String EXTRA = """
            FROM provider_cost p
            WHERE COALESCE(p.generated_at, p.imported_at) >= :from AND COALESCE(p.generated_at, p.imported_at) < :to
              AND NOT EXISTS (SELECT 1 FROM finance_generation g WHERE g.generation_id = p.generation_id)""";

    private final NamedParameterJdbcTemplate jdbc;

    public FinanceQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Margin margin(Instant from, Instant to, GroupBy groupBy) {
        String key = switch (groupBy) {
            case DAY -> "to_char(charged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
            case MONTH -> "to_char(charged_at AT TIME ZONE 'UTC', 'YYYY-MM')";
            case MODEL -> "model";
        };
        List<MarginRow> rows = jdbc.query("""
                SELECT %s AS key, currency, sum(credits) AS credits, sum(revenue_minor) AS revenue, sum(api_cost_micros) AS cost
                  FROM finance_charge_line WHERE charged_at >= :from AND charged_at < :to
                 GROUP BY 1, 2 ORDER BY 1, 2""".formatted(key), period(from, to), (rs, n) -> {
            String currency = rs.getString("currency");
            long revenue = rs.getLong("revenue");
            long cost = rs.getLong("cost");
            return new MarginRow(
                    rs.getString("key"),
                    currency,
                    rs.getLong("credits"),
                    revenue,
                    cost,
                    marginRatio(currency, revenue, cost));
        });
        Map<String, long[]> byCurrency = new TreeMap<>();
        for (MarginRow row : rows) {
            long[] sums = byCurrency.computeIfAbsent(row.currency(), c -> new long[3]);
            sums[0] += row.creditsConsumed();
            sums[1] += row.revenueMinor();
            sums[2] += row.apiCostMicros();
        }
        var totals = new ArrayList<MarginTotal>();
        byCurrency.forEach((currency, sums) -> totals.add(
                new MarginTotal(currency, sums[0], sums[1], sums[2], marginRatio(currency, sums[1], sums[2]))));
        return new Margin(from, to, groupBy, rows, totals);
    }

    /** Up to {@code limit} items of each discrepancy (missing, mismatched, extra), ordered by generation id; counts and sums of all. */
    public Reconciliation reconciliation(Instant from, Instant to, int limit) {
        MapSqlParameterSource params = period(from, to).addValue("limit", limit);
        var sums = jdbc.queryForObject("""
                SELECT count(*) FILTER (WHERE theirs = ours) AS matched, COALESCE(sum(ours) FILTER (WHERE theirs = ours), 0) AS matched_cost,
                       count(*) FILTER (WHERE theirs IS NULL) AS missing, COALESCE(sum(ours) FILTER (WHERE theirs IS NULL), 0) AS missing_ours,
                       count(*) FILTER (WHERE theirs <> ours) AS mismatched,
                       COALESCE(sum(ours) FILTER (WHERE theirs <> ours), 0) AS mismatched_ours,
                       COALESCE(sum(theirs) FILTER (WHERE theirs <> ours), 0) AS mismatched_theirs
                  FROM (%s) g""".formatted(ONE_OF_OURS), params, (rs, n) -> {
            var values = new LinkedHashMap<String, Long>();
            for (String column : List.of(
                    "matched",
                    "matched_cost",
                    "missing",
                    "missing_ours",
                    "mismatched",
                    "mismatched_ours",
                    "mismatched_theirs")) {
                values.put(column, rs.getLong(column));
            }
            return values;
        });
        var extraSums = jdbc.queryForObject(
                "SELECT count(*) AS n, COALESCE(sum(p.cost_micros), 0) AS theirs " + EXTRA, params, (rs, n) ->
                        new long[] {rs.getLong("n"), rs.getLong("theirs")});

        List<ReconciliationItem> missing = jdbc.query(
                "SELECT * FROM (" + ONE_OF_OURS + ") g WHERE theirs IS NULL" + " ORDER BY generation_id LIMIT :limit",
                params,
                (rs, n) -> item(rs));
        List<ReconciliationItem> mismatched = jdbc.query(
                "SELECT * FROM (" + ONE_OF_OURS + ") g WHERE theirs <> ours" + " ORDER BY generation_id LIMIT :limit",
                params,
                (rs, n) -> item(rs));
        List<ReconciliationItem> extra = jdbc.query(
                "SELECT p.generation_id, NULL AS run_id, NULL AS model, NULL::bigint AS ours,"
                        + " p.cost_micros AS theirs " + EXTRA + " ORDER BY p.generation_id LIMIT :limit",
                params,
                (rs, n) -> item(rs));

        long matchedCost = sums.get("matched_cost");
        var matchedGroup = new ReconciliationGroup(sums.get("matched"), matchedCost, matchedCost, 0, null);
        var missingGroup = group(sums.get("missing"), sums.get("missing_ours"), 0, missing);
        var mismatchedGroup =
                group(sums.get("mismatched"), sums.get("mismatched_ours"), sums.get("mismatched_theirs"), mismatched);
        var extraGroup = group(extraSums[0], 0, extraSums[1], extra);
        long ours = matchedCost + sums.get("missing_ours") + sums.get("mismatched_ours");
        long theirs = matchedCost + sums.get("mismatched_theirs") + extraSums[1];
        return new Reconciliation(
                from,
                to,
                matchedGroup,
                missingGroup,
                mismatchedGroup,
                extraGroup,
                new ReconciliationTotals(ours, theirs, theirs - ours));
    }

    private static ReconciliationGroup group(long count, long ours, long theirs, List<ReconciliationItem> items) {
        return new ReconciliationGroup(count, ours, theirs, theirs - ours, items);
    }

    private static ReconciliationItem item(ResultSet rs) throws SQLException {
        Long ours = nullableLong(rs, "ours");
        Long theirs = nullableLong(rs, "theirs");
        return new ReconciliationItem(
                rs.getString("generation_id"),
                rs.getString("run_id"),
                rs.getString("model"),
                ours,
                theirs,
                (theirs == null ? 0 : theirs) - (ours == null ? 0 : ours));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static MapSqlParameterSource period(Instant from, Instant to) {
        return new MapSqlParameterSource("from", from.atOffset(ZoneOffset.UTC))
                .addValue("to", to.atOffset(ZoneOffset.UTC));
    }
}

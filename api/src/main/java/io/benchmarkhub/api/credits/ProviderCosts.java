package io.benchmarkhub.api.credits;

import io.benchmarkhub.api.credits.ProviderCostReport.Cost;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The providers' reported costs ({@code provider_cost}): an ordinary table, written by imports, read by reconciliation. */
@Repository
class ProviderCosts {

    private static final int CHUNK = 1_000;
    /** A generation imported again takes the new cost; the provider's call time is kept when the new report has none. */
    private static final String UPSERT = """
            INSERT INTO provider_cost (generation_id, cost_micros, generated_at, imported_at, source)
            VALUES (?, ?, CAST(? AS timestamptz), ?, ?)
            ON CONFLICT (generation_id) DO UPDATE SET cost_micros = EXCLUDED.cost_micros,
                generated_at = COALESCE(EXCLUDED.generated_at, provider_cost.generated_at),
                imported_at = EXCLUDED.imported_at, source = EXCLUDED.source""";

    private final JdbcTemplate jdbc;

    public ProviderCosts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores every cost of one report in one transaction: all of them or, on any failure, none. */
    @Transactional
    public void store(List<Cost> costs, String source, Instant importedAt) {
        Timestamp imported = Timestamp.from(importedAt);
        for (int start = 0; start < costs.size(); start += CHUNK) {
            var args = new ArrayList<Object[]>();
            for (Cost cost : costs.subList(start, Math.min(costs.size(), start + CHUNK))) {
                args.add(new Object[] {
                    cost.generationId(),
                    cost.costMicros(),
                    cost.createdAt() == null ? null : Timestamp.from(cost.createdAt()),
                    imported,
                    source
                });
            }
            jdbc.batchUpdate(UPSERT, args);
        }
    }
}

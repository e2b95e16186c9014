package io.benchmarkhub.command.run.store;

import io.benchmarkhub.command.run.provider.CatalogueModel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/** Table {@code model_catalogue}: each provider's model list, replaced as a whole. */
public class ModelCatalogueStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ModelCatalogueStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Replaces {@code provider}'s models in one transaction. */
    public void replace(String provider, List<CatalogueModel> models) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM model_catalogue WHERE provider = ?", provider);
            jdbc.batchUpdate("""
                    INSERT INTO model_catalogue (model_id, provider, prompt_micros_per_million_tokens,
                        completion_micros_per_million_tokens, context_length, simulated, synced_at)
                    VALUES (?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (model_id) DO UPDATE SET provider = excluded.provider,
                        prompt_micros_per_million_tokens = excluded.prompt_micros_per_million_tokens,
                        completion_micros_per_million_tokens = excluded.completion_micros_per_million_tokens,
                        context_length = excluded.context_length, simulated = excluded.simulated, synced_at = now()""",
                    models, 500, (ps, m) -> {
                        ps.setString(1, m.id());
                        ps.setString(2, provider);
                        ps.setObject(3, m.promptMicrosPerMillionTokens());
                        ps.setObject(4, m.completionMicrosPerMillionTokens());
                        ps.setObject(5, m.contextLength());
                        ps.setBoolean(6, m.simulated());
                    });
        });
    }
}

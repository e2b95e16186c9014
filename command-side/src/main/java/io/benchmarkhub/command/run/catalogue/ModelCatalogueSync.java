package io.benchmarkhub.command.run.catalogue;

import io.benchmarkhub.command.run.provider.CatalogueModel;
import io.benchmarkhub.command.run.provider.ProviderFailure;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Copies every provider's model list into {@code model_catalogue} (read by {@code GET /api/models}).
 * A provider is replaced as a whole, in one transaction, and only when it answered: a provider that
 * cannot list its models now keeps its last known list.
 */
@Component
public class ModelCatalogueSync {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalogueSync.class);

    private final ProviderGateway gateway;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ModelCatalogueSync(ProviderGateway gateway, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Answers how many models are listed now, over all providers that answered. */
    public int sync() {
        int total = 0;
        for (String provider : gateway.providerNames()) {
            List<CatalogueModel> models;
            try {
                models = gateway.models(provider);
            } catch (ProviderFailure failure) {
                log.warn("Model catalogue of {} not refreshed: {}", provider, failure.getMessage());
                continue;
            }
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
            total += models.size();
        }
        log.info("Model catalogue synced: {} models", total);
        return total;
    }
}

package io.benchmarkhub.command.run.catalogue;

import io.benchmarkhub.command.run.provider.CatalogueModel;
import io.benchmarkhub.command.run.provider.ProviderFailure;
import io.benchmarkhub.command.run.provider.ProviderGateway;
import io.benchmarkhub.command.run.store.ModelCatalogueStore;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Copies every provider's model list into {@code model_catalogue} (read by {@code GET /api/models}).
 * A provider is replaced as a whole, and only when it answered: a provider that
 * cannot list its models now keeps its last known list. What changed since the previous list is recorded as catalogue
 * events ({@link ModelCatalogueStore#replace}), once however many nodes sync at the same time.
 */
@Component
public class ModelCatalogueSync {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalogueSync.class);

    private final ProviderGateway gateway;
    private final ModelCatalogueStore store;

    public ModelCatalogueSync(ProviderGateway gateway, ModelCatalogueStore store) {
        this.gateway = gateway;
        this.store = store;
    }

    /** Answers how many models are listed now, over all providers that answered. */
    public int sync() {
        int total = 0;
        int changes = 0;
        for (String provider : gateway.providerNames()) {
            List<CatalogueModel> models;
            Instant fetchedAt = store.now();
            try {
                models = gateway.models(provider);
            } catch (ProviderFailure failure) {
                log.warn("Model catalogue of {} not refreshed: {}", provider, failure.getMessage());
                continue;
            }
            changes += store.replace(provider, models, fetchedAt).size();
            total += models.size();
        }
        log.info("Model catalogue synced: {} models, {} changes recorded", total, changes);
        return total;
    }
}

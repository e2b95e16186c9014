package io.benchmarkhub.domain.catalogue.events;

/**
 * What changed in a provider's model list between two catalogue syncs (issue 16). Stored in the event store under the
 * aggregate {@code catalogue:<provider>} (aggregate type {@code ModelCatalogue}), one event per model and change, so
 * the audit stream shows the catalogue's history and {@code GET /api/models/changes} lists it. Prices are integer
 * micro-dollars per million tokens (null: unknown), as in the catalogue itself.
 */
public sealed interface CatalogueEvent
        permits ModelAppeared, ModelPricesChanged, ModelContextLengthChanged, ModelDisappeared {

    String AGGREGATE_TYPE = "ModelCatalogue";

    /** The provider whose list changed: {@code openrouter}, {@code sim} or a configured OpenAI-compatible one. */
    String provider();

    /** The model id as callers request it ({@code openai/gpt-4o}, {@code ollama/llama3}). */
    String modelId();

    /** The aggregate the provider's catalogue events are stored under. */
    static String aggregateId(String provider) {
        return "catalogue:" + provider;
    }

    /** The model's vendor: the part of its id before the first {@code /}, without the provider prefix, else the provider. */
    static String vendorOf(String provider, String modelId) {
        String id = modelId.startsWith(provider + "/") ? modelId.substring(provider.length() + 1) : modelId;
        int slash = id.indexOf('/');
        return slash > 0 ? id.substring(0, slash) : provider;
    }
}

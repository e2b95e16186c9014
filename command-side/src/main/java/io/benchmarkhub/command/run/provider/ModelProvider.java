package io.benchmarkhub.command.run.provider;

import java.util.List;
import java.util.Optional;

/**
 * One source of model answers. Implementations are blocking and thread-safe, meant to be called
 * from many virtual threads at once.
 */
interface ModelProvider {

    /** The provider's name: {@code openrouter}, {@code sim}, or a configured endpoint's name. */
    String name();

    /** True when the answers are made up ({@code sim}). */
    boolean simulated();

    /** Why this provider can never answer {@code model} (its own id), or null when it may; used to refuse a run up front. */
    default String unknownModel(String model) {
        return null;
    }

    /** The model's prices (its own id), when this provider knows them. */
    default Optional<CatalogueModel> price(String model) {
        return java.util.Optional.empty();
    }

    /** True when a call needs a key and none is configured: the caller must bring one. */
    default boolean needsCallerKey() {
        return false;
    }

    /** One completion; {@code request.model()} is the provider's own id (the gateway strips any routing prefix). */
    ChatResult complete(ChatRequest request) throws ProviderFailure;

    /** The provider's catalogue, with the provider's own ids. */
    List<CatalogueModel> models() throws ProviderFailure;
}

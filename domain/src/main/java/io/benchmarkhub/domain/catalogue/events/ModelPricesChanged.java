package io.benchmarkhub.domain.catalogue.events;

import org.axonframework.serialization.Revision;

/** A listed model's prompt or completion price changed (null: unknown). */
@Revision("1")
public record ModelPricesChanged(
        String provider,
        String modelId,
        Long previousPromptMicrosPerMillionTokens,
        Long previousCompletionMicrosPerMillionTokens,
        Long promptMicrosPerMillionTokens,
        Long completionMicrosPerMillionTokens)
        implements CatalogueEvent {}

package io.benchmarkhub.domain.catalogue.events;

import org.axonframework.serialization.Revision;

/** A listed model's context length changed (null: the provider no longer says / did not say). */
@Revision("1")
public record ModelContextLengthChanged(
        String provider, String modelId, Integer previousContextLength, Integer contextLength)
        implements CatalogueEvent {}

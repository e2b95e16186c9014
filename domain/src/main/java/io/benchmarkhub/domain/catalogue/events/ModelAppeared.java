package io.benchmarkhub.domain.catalogue.events;

import org.axonframework.serialization.Revision;

/**
 * A provider lists a model it did not list at the previous sync. {@code initial} is true when the provider had no
 * catalogue at all before (the first sync of a new installation or a newly configured provider): such a model is not
 * "new", it was merely seen for the first time, and watchers do not react to it.
 */
@Revision("1")
public record ModelAppeared(
        String provider,
        String modelId,
        String vendor,
        Long promptMicrosPerMillionTokens,
        Long completionMicrosPerMillionTokens,
        Integer contextLength,
        boolean initial)
        implements CatalogueEvent {}

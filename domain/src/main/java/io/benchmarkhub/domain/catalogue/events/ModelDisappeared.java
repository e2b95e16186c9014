package io.benchmarkhub.domain.catalogue.events;

import org.axonframework.serialization.Revision;

/**
 * A provider that answered no longer lists a model it listed at the previous sync. A provider that cannot be reached
 * keeps its last list: its models do not disappear.
 */
@Revision("1")
public record ModelDisappeared(String provider, String modelId) implements CatalogueEvent {}

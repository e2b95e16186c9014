package io.benchmarkhub.domain.suggestion.events;

import org.axonframework.serialization.Revision;

/**
 * The job made its calls (or stopped). {@code failure} is null when it completed; otherwise why it stopped (a provider
 * error, the reservation used up, every answer unreadable). What it recorded before stays.
 */
@Revision("1")
public record SuggestionJobEnded(String jobId, String failure) implements SuggestionEvent {}

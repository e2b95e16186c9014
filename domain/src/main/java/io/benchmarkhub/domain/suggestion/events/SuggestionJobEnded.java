package io.benchmarkhub.domain.suggestion.events;

/**
 * The job made its calls (or stopped). {@code failure} is null when it completed; otherwise why it stopped (a provider
 * error, the reservation used up, every answer unreadable). What it recorded before stays.
 */
public record SuggestionJobEnded(String jobId, String failure) implements SuggestionEvent {
}
